from typing import Optional, Union

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Profile(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    required_name: Mapped[str]
    sized_name: Mapped[str] = mapped_column(String(50))
    optional_name: Mapped[Optional[str]]
    union_name: Mapped[Union[str, None]] = mapped_column(String(30))
    forced_nullable: Mapped[str] = mapped_column(String(20), nullable=True)
    forced_not_null: Mapped[Optional[str]] = mapped_column(String(20), nullable=False)
    count: Mapped[int]
    maybe_count: Mapped[Optional[int]]
    flag: Mapped[bool]
    score: Mapped[float]
    data: Mapped[bytes]
