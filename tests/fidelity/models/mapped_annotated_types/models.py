from datetime import datetime
from typing import Annotated, Optional

from sqlalchemy import ForeignKey, String, func
from sqlalchemy.orm import Mapped, mapped_column

intpk = Annotated[int, mapped_column(primary_key=True)]
str50 = Annotated[str, mapped_column(String(50))]
required_name = Annotated[str, mapped_column(String(30), nullable=False)]
timestamp = Annotated[datetime, mapped_column(nullable=False, server_default=func.CURRENT_TIMESTAMP())]
user_fk = Annotated[int, mapped_column(ForeignKey("user.id", ondelete="CASCADE"))]


class User(db.Model):
    id: Mapped[intpk]
    name: Mapped[required_name]
    nickname: Mapped[Optional[str50]]
    created_at: Mapped[timestamp]


class Comment(db.Model):
    id: Mapped[intpk]
    user_id: Mapped[user_fk]
    text: Mapped[str50]
    edited_at: Mapped[Optional[timestamp]]
