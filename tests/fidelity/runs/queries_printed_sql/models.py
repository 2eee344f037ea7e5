class Player(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    nick = db.Column(db.String(30), nullable=False)
    level = db.Column(db.Integer, default=1)
