from decimal import Decimal

from sqlalchemy import Numeric, String
from sqlalchemy.orm import Mapped, mapped_column


class Invoice(db.Model):
    __table_args__ = {"comment": "Customer invoices"}

    id: Mapped[int] = mapped_column(primary_key=True, comment="surrogate key")
    number: Mapped[str] = mapped_column(String(20), comment="human readable number")
    total: Mapped[Decimal] = mapped_column(Numeric(10, 2), comment="gross total")
