from typing import List, Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Address(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    street: Mapped[str] = mapped_column(String(100))


class Customer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    billing_address_id: Mapped[int] = mapped_column(ForeignKey("address.id"))
    shipping_address_id: Mapped[Optional[int]] = mapped_column(ForeignKey("address.id"))

    billing_address: Mapped[Address] = relationship(foreign_keys=[billing_address_id])
    shipping_address: Mapped[Optional[Address]] = relationship(foreign_keys=[shipping_address_id])
    also_billing: Mapped[Address] = relationship(
        primaryjoin="Customer.billing_address_id == Address.id", viewonly=True
    )
