class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    posts = db.relationship("Post", lazy="eager")


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
