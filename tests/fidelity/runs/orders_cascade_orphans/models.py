from typing import List, Optional
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Basket(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    owner: Mapped[str] = mapped_column(String(40))
    lines: Mapped[List["Line"]] = relationship(back_populates="basket", cascade="all, delete-orphan", order_by="Line.id")
    notes: Mapped[List["Note"]] = relationship(back_populates="basket")


class Line(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    sku: Mapped[str] = mapped_column(String(20))
    basket_id: Mapped[int] = mapped_column(ForeignKey("basket.id"))
    basket: Mapped["Basket"] = relationship(back_populates="lines")


class Note(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    text: Mapped[str] = mapped_column(String(40))
    basket_id: Mapped[Optional[int]] = mapped_column(ForeignKey("basket.id"))
    basket: Mapped[Optional["Basket"]] = relationship(back_populates="notes")
