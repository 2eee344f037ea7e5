from datetime import date
from decimal import Decimal
from typing import Optional
from sqlalchemy import ForeignKey, String, Numeric, CheckConstraint, UniqueConstraint, Index, text
from sqlalchemy.orm import Mapped, mapped_column


class Shop(db.Model):
    __tablename__ = "shops"
    id = db.Column(db.Integer, primary_key=True)


class Offer(db.Model):
    __tablename__ = "offers"
    id: Mapped[int] = mapped_column(primary_key=True)
    shop_id: Mapped[int] = mapped_column(ForeignKey("shops.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(12))
    price: Mapped[Decimal] = mapped_column(Numeric(10, 2))
    starts: Mapped[Optional[date]]
    active: Mapped[bool] = mapped_column(server_default=text("1"))
    note: Mapped[Optional[str]] = mapped_column(String(50), server_default="none")
    __table_args__ = (
        CheckConstraint("price >= 0", name="ck_offers_price"),
        UniqueConstraint("shop_id", "code", name="uq_offers_shop_code"),
        Index("ix_offers_shop_price", "shop_id", "price"),
    )
