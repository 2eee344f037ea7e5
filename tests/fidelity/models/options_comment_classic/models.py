class Invoice(db.Model):
    __table_args__ = {"comment": "Customer invoices"}

    id = db.Column(db.Integer, primary_key=True, comment="surrogate key")
    number = db.Column(db.String(20), nullable=False, comment="human readable number")
    total = db.Column(db.Numeric(10, 2), comment="gross total")
