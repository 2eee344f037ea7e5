class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    tags = db.relationship("Tag", secondary="post_tags", backref="posts")


class Tag(db.Model):
    id = db.Column(db.Integer, primary_key=True)
