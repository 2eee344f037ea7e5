from typing import Optional

from sqlalchemy import String, Text, Unicode, UnicodeText
from sqlalchemy.orm import Mapped, mapped_column


class Article(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80))
    title: Mapped[Optional[str]] = mapped_column(String(200))
    subtitle: Mapped[str]
    teaser: Mapped[Optional[str]]
    body: Mapped[str] = mapped_column(Text)
    title_native: Mapped[Optional[str]] = mapped_column(Unicode(120))
    body_native: Mapped[Optional[str]] = mapped_column(UnicodeText)
