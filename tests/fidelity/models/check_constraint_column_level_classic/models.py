class Account(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    balance = db.Column(db.Integer, db.CheckConstraint("balance >= 0"), nullable=False, default=0)
    age = db.Column(db.Integer, db.CheckConstraint("age >= 18", name="ck_account_adult"))
    kind = db.Column(db.String(10), db.CheckConstraint("kind IN ('basic', 'premium')"))
