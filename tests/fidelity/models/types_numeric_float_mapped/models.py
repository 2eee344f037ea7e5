from decimal import Decimal
from typing import Optional

from sqlalchemy import Float, Numeric
from sqlalchemy.orm import Mapped, mapped_column


class Measurement(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    value: Mapped[float]
    precise: Mapped[Optional[float]] = mapped_column(Float(precision=53))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    ratio: Mapped[Optional[Decimal]]
    amount: Mapped[Optional[Decimal]] = mapped_column(Numeric(8, 3), default=Decimal("0.000"))
