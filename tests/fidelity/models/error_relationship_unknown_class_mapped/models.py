from typing import List

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    comments: Mapped[List["Commnt"]] = relationship(back_populates="post")


class Comment(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(ForeignKey("post.id"))
    post: Mapped[Post] = relationship(back_populates="comments")
