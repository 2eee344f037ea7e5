from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Item(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(40))
    legacy_code = db.Column(db.String(10), unique=True)
    qty = db.Column(db.Integer, nullable=False, default=0)
    note: Mapped[Optional[str]]
