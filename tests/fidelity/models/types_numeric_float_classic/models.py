class Measurement(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    value = db.Column(db.Float, nullable=False)
    precise = db.Column(db.Float(precision=53))
    price = db.Column(db.Numeric(10, 2))
    ratio = db.Column(db.Numeric())
    amount = db.Column(db.Numeric(precision=8, scale=3))
    whole = db.Column(db.Numeric(12))
    double_value = db.Column(db.Double)
