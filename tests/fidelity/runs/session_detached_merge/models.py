class Book(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(50), nullable=False, unique=True)
    copies = db.Column(db.Integer, default=1)

    def __repr__(self):
        return f"<Book {self.title}>"
