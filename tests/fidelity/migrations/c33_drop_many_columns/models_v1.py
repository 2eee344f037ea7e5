from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Profile(db.Model):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(30))
    twitter: Mapped[Optional[str]] = mapped_column(String(30))
    myspace: Mapped[Optional[str]] = mapped_column(String(30))
    icq: Mapped[Optional[int]]
    aim: Mapped[Optional[str]] = mapped_column(String(30))
    homepage: Mapped[Optional[str]] = mapped_column(String(200))
    bio: Mapped[Optional[str]] = mapped_column(String(200))
