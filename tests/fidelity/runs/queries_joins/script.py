tolkien = Author(name="Tolkien")
austen = Author(name="Austen")
nobody = Author(name="Nobody")
db.session.add_all([tolkien, austen, nobody])
db.session.add_all([
    Book(title="The Hobbit", pages=310, author=tolkien),
    Book(title="Silmarillion", pages=365, author=tolkien),
    Book(title="Emma", pages=474, author=austen),
])
db.session.commit()

rows = db.session.execute(select(Book.title, Author.name).join(Book.author).order_by(Book.title)).all()
print(rows)
stmt = select(Author.name, Book.title).join(Book, Book.author_id == Author.id).where(Book.pages > 320)
print(db.session.execute(stmt).all())
stmt = select(Author.name, func.count(Book.id)).outerjoin(Book).group_by(Author.id).order_by(Author.id)
print(db.session.execute(stmt).all())
stmt = select(Author.name, func.count(Book.id).label("n")).join(Author.books, isouter=True).group_by(Author.name).order_by("n", Author.name)
for row in db.session.execute(stmt):
    print(row.name, row.n)
for book, author in db.session.execute(select(Book, Author).join(Book.author).where(Author.name == "Austen")):
    print(book, author, book.author is author)
print(db.session.scalars(select(Author).join(Book).where(Book.title.startswith("The")).distinct()).all())
print(Author.query.join(Author.books).filter(Book.pages < 400).distinct().order_by(Author.name).all())
print(db.session.query(Book.title, Author.name).join(Author).order_by(Book.id).all())
print(db.session.scalar(select(func.count(Book.id)).select_from(Author).join(Author.books).where(Author.name == "Tolkien")))
print(Author.query.filter(Author.books.any()).order_by(Author.id).all())
print(Author.query.filter(~Author.books.any()).all())
print(Author.query.filter(Author.books.any(Book.pages > 400)).all())
print(Book.query.filter(Book.author.has(name="Tolkien")).order_by(Book.id).all())
print(Book.query.filter(Book.author.has(Author.name.like("A%"))).all())
print(db.session.scalars(select(Book).where(Book.shelves.any(Shelf.label == "fantasy"))).all())
print(db.session.execute(select(Book.title, Shelf.label).join(Book.shelves)).all())
