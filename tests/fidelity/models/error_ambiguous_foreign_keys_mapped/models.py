from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Address(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class Customer(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    billing_address_id: Mapped[int] = mapped_column(ForeignKey("address.id"))
    shipping_address_id: Mapped[int] = mapped_column(ForeignKey("address.id"))
    billing_address: Mapped[Address] = relationship()
