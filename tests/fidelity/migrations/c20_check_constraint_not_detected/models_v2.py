class Item(db.Model):
    __tablename__ = "items"
    id = db.Column(db.Integer, primary_key=True)
    qty = db.Column(db.Integer, nullable=False)
    __table_args__ = (db.CheckConstraint("qty >= 0", name="ck_items_qty"),)
