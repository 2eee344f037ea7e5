class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    age = db.Column(db.String(3), db.Integer)
