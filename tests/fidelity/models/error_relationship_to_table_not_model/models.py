tags = db.Table(
    "tags",
    db.Column("id", db.Integer, primary_key=True),
    db.Column("name", db.String(20)),
)


class Post(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    tag_id = db.Column(db.Integer, db.ForeignKey("tags.id"))
    tag = db.relationship("tags")
