from sqlalchemy import String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class Article(db.Model):
    __table_args__ = (UniqueConstraint("title", "author", name="uq_article_title_author"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100))
