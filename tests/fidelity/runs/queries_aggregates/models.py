from decimal import Decimal


class Sale(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    region = db.Column(db.String(20), nullable=False)
    product = db.Column(db.String(40), nullable=False)
    quantity = db.Column(db.Integer, nullable=False)
    unit_price = db.Column(db.Numeric(8, 2), nullable=False)
    discount = db.Column(db.Float, default=0.0)
