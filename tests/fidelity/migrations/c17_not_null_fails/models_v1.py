from typing import Optional
from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Note(db.Model):
    __tablename__ = "notes"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[Optional[str]] = mapped_column(String(80), index=True)
