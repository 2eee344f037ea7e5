from datetime import datetime
from typing import Optional

from sqlalchemy import ForeignKey, func
from sqlalchemy.orm import Mapped, declared_attr, mapped_column


class TimestampMixin:
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())


class IdMixin:
    id: Mapped[int] = mapped_column(primary_key=True)


class OwnedMixin:
    @declared_attr
    def owner_id(cls) -> Mapped[int]:
        return mapped_column(ForeignKey("user.id"))


class User(IdMixin, TimestampMixin, db.Model):
    name: Mapped[str]


class Note(IdMixin, OwnedMixin, TimestampMixin, db.Model):
    text: Mapped[Optional[str]]
