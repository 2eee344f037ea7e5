class Article(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(100))

    __table_args__ = (db.Index("ix_article_slug", "slug"),)
