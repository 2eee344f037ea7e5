class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class SqliteStats(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    hits = db.Column(db.Integer)


class Zebra(db.Model):
    id = db.Column(db.Integer, primary_key=True)
