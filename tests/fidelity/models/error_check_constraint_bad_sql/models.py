class Account(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Product(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    price = db.Column(db.Integer)

    __table_args__ = (db.CheckConstraint("price => 0", name="ck_price"),)


class Zebra(db.Model):
    id = db.Column(db.Integer, primary_key=True)
