import sqlalchemy as sa
class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(sa.Strng(80))
