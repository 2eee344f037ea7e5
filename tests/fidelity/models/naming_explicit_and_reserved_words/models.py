class Order(db.Model):
    __tablename__ = "order"

    id = db.Column(db.Integer, primary_key=True)
    group = db.Column(db.String(20))
    select = db.Column(db.Integer)


class Group(db.Model):
    __tablename__ = "Groups"

    id = db.Column(db.Integer, primary_key=True)
    from_ = db.Column("from", db.String(10))
    order_id = db.Column(db.Integer, db.ForeignKey("order.id"))


class Spaced(db.Model):
    __tablename__ = "user accounts"

    id = db.Column(db.Integer, primary_key=True)
    full_name = db.Column("Full Name", db.String(50), index=True)
