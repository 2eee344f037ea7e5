import enum

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column


class Status(enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published-now"
    ARCHIVED = "archived"


class Post(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[Status] = mapped_column(
        Enum(Status, values_callable=lambda members: [m.value for m in members], create_constraint=True)
    )
    by_name: Mapped[Status] = mapped_column(Enum(Status, create_constraint=True, name="post_status_name"))
