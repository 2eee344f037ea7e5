import enum
from typing import Literal, Optional

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Status(enum.Enum):
    draft = "draft"
    live = "live"


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title = db.Column(db.String(50))
    kind: Mapped[str]
    body = db.Column(db.Text)
    other: Mapped[str] = mapped_column(String(20))


class Page(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status]
    slug: Mapped[str] = mapped_column(String(40))
    layout: Mapped[Literal["wide", "narrow"]]
    legacy_a = db.Column(db.Integer)
    legacy_b = db.Column(db.String(10))
    footer: Mapped[Optional[str]]
