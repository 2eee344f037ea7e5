class User(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)


class Admin(db.Model):
    __tablename__ = "users"
    id = db.Column(db.Integer, primary_key=True)
    level = db.Column(db.Integer)
