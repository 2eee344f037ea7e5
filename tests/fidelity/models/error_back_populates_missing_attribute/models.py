class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    posts = db.relationship("Post", back_populates="author")


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    writer = db.relationship("User", back_populates="posts")
