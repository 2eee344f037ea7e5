class Oddity(db.Model):
    id = db.Column(db.Integer, primary_key=True, autoincrement="auto")
    negative = db.Column(db.String(-5))
    zero = db.Column(db.String(0))
    numeric_scale_only = db.Column(db.Numeric(scale=2))
    empty_enum = db.Column(db.Enum())
    huge = db.Column(db.String(100000))
