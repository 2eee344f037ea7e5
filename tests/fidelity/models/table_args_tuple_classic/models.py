class Product(db.Model):
    __tablename__ = "products"

    id = db.Column(db.Integer, primary_key=True)
    sku = db.Column(db.String(20), nullable=False)
    name = db.Column(db.String(100), nullable=False)
    category = db.Column(db.String(30))
    price = db.Column(db.Numeric(10, 2), nullable=False)
    stock = db.Column(db.Integer, default=0)

    __table_args__ = (
        db.UniqueConstraint("sku", name="uq_products_sku"),
        db.UniqueConstraint("name", "category"),
        db.CheckConstraint("price >= 0", name="ck_products_price_nonneg"),
        db.CheckConstraint("stock >= 0"),
        db.Index("ix_products_category", "category"),
        db.Index("ix_products_category_price", "category", "price"),
        db.Index("ux_products_name_lower", "name", unique=True),
    )
