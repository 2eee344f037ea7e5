class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    price = db.Column(db.Integer, db.CheckConstraint("price >"))
    stock = db.Column(db.Integer)
