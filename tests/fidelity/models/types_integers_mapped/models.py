from typing import Optional

from sqlalchemy import BigInteger, SmallInteger
from sqlalchemy.orm import Mapped, mapped_column


class Counter(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    hits: Mapped[int] = mapped_column(default=0)
    total_bytes: Mapped[Optional[int]] = mapped_column(BigInteger)
    priority: Mapped[int] = mapped_column(SmallInteger, default=3)
    misc: Mapped[Optional[int]]

    def __repr__(self) -> str:
        return f"Counter(id={self.id!r}, hits={self.hits!r})"
