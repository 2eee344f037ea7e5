import enum
from datetime import date, datetime
from decimal import Decimal
from typing import Optional

from sqlalchemy.orm import Mapped, mapped_column


class Tier(enum.Enum):
    bronze = 1
    silver = 2
    gold = 3


class Customer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    nickname: Mapped[Optional[str]]
    born: Mapped[date]
    joined_at: Mapped[datetime]
    credit: Mapped[Decimal]
    rating: Mapped[float]
    vip: Mapped[bool]
    avatar: Mapped[Optional[bytes]]
    tier: Mapped[Tier]
