from decimal import Decimal
from typing import Any, Optional

from sqlalchemy import Numeric, String
from sqlalchemy.ext.hybrid import hybrid_property
from sqlalchemy.orm import Mapped, mapped_column, validates


class Product(db.Model):
    TAX_RATE = Decimal("0.20")

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(80))
    net_price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    stock: Mapped[int] = mapped_column(default=0)
    description: Mapped[Optional[str]]

    def __repr__(self) -> str:
        return f"Product(id={self.id!r}, name={self.name!r}, net_price={self.net_price!r})"

    @property
    def gross_price(self) -> Decimal:
        return (self.net_price * (1 + self.TAX_RATE)).quantize(Decimal("0.01"))

    @hybrid_property
    def in_stock(self) -> bool:
        return self.stock > 0

    @validates("name")
    def validate_name(self, key: str, value: str) -> str:
        if not value:
            raise ValueError("name is required")
        return value.strip()

    @validates("stock", "net_price")
    def validate_non_negative(self, key: str, value):
        if value is not None and value < 0:
            raise ValueError(f"{key} must be >= 0")
        return value

    def to_dict(self) -> dict[str, Any]:
        return {c.name: getattr(self, c.name) for c in self.__table__.columns}
