from decimal import Decimal
from typing import Optional

from sqlalchemy import CheckConstraint, Index, Numeric, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column


class Product(db.Model):
    __tablename__ = "products"
    __table_args__ = (
        UniqueConstraint("sku", name="uq_products_sku"),
        UniqueConstraint("name", "category"),
        CheckConstraint("price >= 0", name="ck_products_price_nonneg"),
        CheckConstraint("length(sku) = 8"),
        Index("ix_products_category_price", "category", "price"),
        Index("ux_products_name", "name", unique=True),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(100))
    category: Mapped[Optional[str]] = mapped_column(String(30))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
