from datetime import datetime
from typing import Optional

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column


class Base2Mixin:
    id: Mapped[int] = mapped_column(primary_key=True, sort_order=-10)
    created_at: Mapped[datetime] = mapped_column(server_default=func.now(), sort_order=10)


class Article(Base2Mixin, db.Model):
    title: Mapped[str] = mapped_column(String(100))
    summary: Mapped[Optional[str]]


class Plain(db.Model):
    name: Mapped[str] = mapped_column(String(20))
    id: Mapped[int] = mapped_column(primary_key=True)
    code = db.Column(db.String(5), primary_key=False)
