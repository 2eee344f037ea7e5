from typing import Optional

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column


class Account(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    balance: Mapped[int] = mapped_column(CheckConstraint("balance >= 0"), default=0)
    age: Mapped[Optional[int]] = mapped_column(CheckConstraint("age >= 18", name="ck_account_adult"))
    kind: Mapped[str] = mapped_column(String(10), CheckConstraint("kind IN ('basic', 'premium')"))
