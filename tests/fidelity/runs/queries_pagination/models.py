class Article(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    headline = db.Column(db.String(80), nullable=False)

    def __repr__(self):
        return f"<Article {self.id}>"
