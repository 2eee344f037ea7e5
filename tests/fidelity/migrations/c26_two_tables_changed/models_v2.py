class Zebra(db.Model):
    __tablename__ = "zebras"
    id = db.Column(db.Integer, primary_key=True)
    stripes = db.Column(db.Integer)
    name = db.Column(db.String(20))


class Antelope(db.Model):
    __tablename__ = "antelopes"
    id = db.Column(db.Integer, primary_key=True)
    speed = db.Column(db.Float)


class Keeper(db.Model):
    __tablename__ = "keepers"
    id = db.Column(db.Integer, primary_key=True)
    zebra_id = db.Column(db.Integer, db.ForeignKey("zebras.id"))


class Badge(db.Model):
    __tablename__ = "badges"
    id = db.Column(db.Integer, primary_key=True)
    keeper_id = db.Column(db.Integer, db.ForeignKey("keepers.id"))
