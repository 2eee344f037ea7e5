import enum
from datetime import date
from decimal import Decimal


class Size(enum.Enum):
    small = "S"
    large = "L"


class Gadget(db.Model):
    __tablename__ = "gadgets"
    __table_args__ = (db.UniqueConstraint("code", name="uq_gadget_code"), db.Index("ix_gadget_made", "made_on"))
    id = db.Column(db.Integer, primary_key=True)
    code = db.Column(db.String(10), nullable=False)
    price = db.Column(db.Numeric(6, 3))
    weight = db.Column(db.Float)
    made_on = db.Column(db.Date)
    size = db.Column(db.Enum(Size), default=Size.small)
    specs = db.Column(db.JSON)
    blob = db.Column(db.LargeBinary)
    label = db.Column(db.String(20), index=True, unique=True)
