class Article(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column("title", db.String(100))
    title = db.Column(db.String(100))
