class Product(db.Model):
    __tablename__ = "products"
    id = db.Column(db.Integer, primary_key=True)
    sku = db.Column(db.String(40), nullable=False, index=True)
    name = db.Column(db.String(100))
    __table_args__ = (db.Index("ix_products_name_sku", "name", "sku"),)
