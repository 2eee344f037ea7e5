from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Profile(db.Model):
    __tablename__ = "profiles"
    id: Mapped[int] = mapped_column(primary_key=True)
    handle: Mapped[str] = mapped_column(String(30))
    bio: Mapped[Optional[str]] = mapped_column(String(200))
