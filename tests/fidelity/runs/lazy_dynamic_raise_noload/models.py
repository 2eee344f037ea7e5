class Shelf(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(20))
    books = db.relationship("Book", backref="shelf", lazy="dynamic", order_by="Book.id")
    plants = db.relationship("Plant", lazy="raise")
    lamps = db.relationship("Lamp", lazy="noload")


class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(40))
    pages = db.Column(db.Integer)
    shelf_id = db.Column(db.Integer, db.ForeignKey("shelf.id"))


class Plant(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    shelf_id = db.Column(db.Integer, db.ForeignKey("shelf.id"))


class Lamp(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    shelf_id = db.Column(db.Integer, db.ForeignKey("shelf.id"))
