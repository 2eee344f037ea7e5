class Author(db.Model):
    __tablename__ = "authors"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    books = db.relationship("Book", back_populates="author")

    def __repr__(self):
        return f"<Author {self.name}>"


shelf_books = db.Table(
    "shelf_books",
    db.Column("shelf_id", db.Integer, db.ForeignKey("shelves.id"), primary_key=True),
    db.Column("book_id", db.Integer, db.ForeignKey("books.id"), primary_key=True),
)


class Book(db.Model):
    __tablename__ = "books"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(100), nullable=False)
    pages = db.Column(db.Integer, default=100)
    author_id = db.Column(db.Integer, db.ForeignKey("authors.id"), nullable=False)
    author = db.relationship("Author", back_populates="books")
    shelves = db.relationship("Shelf", secondary=shelf_books, back_populates="books")

    def __repr__(self):
        return f"<Book {self.title!r}>"


class Shelf(db.Model):
    __tablename__ = "shelves"
    id = db.Column(db.Integer, primary_key=True)
    label = db.Column(db.String(30), unique=True)
    books = db.relationship("Book", secondary=shelf_books, back_populates="shelves")
