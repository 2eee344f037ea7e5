class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Colum(db.String(80))
