from sqlalchemy import ForeignKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column


class Warehouse(db.Model):
    region: Mapped[str] = mapped_column(String(10), primary_key=True)
    code: Mapped[str] = mapped_column(String(10), primary_key=True)


class Stock(db.Model):
    __table_args__ = (
        ForeignKeyConstraint(
            ["warehouse_region", "warehouse_code"],
            [Warehouse.region, Warehouse.code],
            name="fk_stock_warehouse",
            onupdate="CASCADE",
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    warehouse_region: Mapped[str] = mapped_column(String(10))
    warehouse_code: Mapped[str] = mapped_column(String(10))
