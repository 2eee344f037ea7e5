from datetime import date, datetime
from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column


class Listing(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str | None] = mapped_column(String(100))
    description: Mapped[str | None]
    price: Mapped[Decimal | None] = mapped_column(Numeric(8, 2))
    listed_on: Mapped[date | None]
    sold_at: Mapped[None | datetime]
    views: Mapped[int | None] = mapped_column(default=0)
