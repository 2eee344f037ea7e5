class Order(db.Model):
    __tablename__ = "orders"
    id = db.Column(db.Integer, primary_key=True)
    status = db.Column(db.Enum("new", "paid", "shipped", name="order_status"), nullable=False)
