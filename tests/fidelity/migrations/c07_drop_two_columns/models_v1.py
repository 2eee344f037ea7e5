class Customer(db.Model):
    __tablename__ = "customers"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), nullable=False)
    fax = db.Column(db.String(30))
    pager = db.Column(db.String(30))
