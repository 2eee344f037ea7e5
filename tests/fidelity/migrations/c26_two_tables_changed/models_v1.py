class Zebra(db.Model):
    __tablename__ = "zebras"
    id = db.Column(db.Integer, primary_key=True)
    stripes = db.Column(db.Integer)


class Antelope(db.Model):
    __tablename__ = "antelopes"
    id = db.Column(db.Integer, primary_key=True)
    speed = db.Column(db.Integer)
