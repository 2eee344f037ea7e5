class Member(db.Model):
    __tablename__ = "members"
    id = db.Column(db.Integer, primary_key=True)
    handle = db.Column(db.String(40), unique=True)
