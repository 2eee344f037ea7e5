from typing import Optional

from sqlalchemy import String, Text
from sqlalchemy.orm import Mapped, mapped_column


class User(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str] = mapped_column(String(120), index=True, unique=True)
    display_name: Mapped[Optional[str]] = mapped_column(String(64), index=True)
    phone: Mapped[Optional[str]] = mapped_column(String(20))
    bio: Mapped[str] = mapped_column(Text)
