class A(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    s = db.Column(db.String(99999999999999999999999999))
    n = db.Column(db.Numeric(10**400, -5))
