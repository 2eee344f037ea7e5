class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    posts = db.relationship("Post", cascade="all, delete-orphans")


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
