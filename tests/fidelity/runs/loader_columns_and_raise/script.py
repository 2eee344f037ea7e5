from sqlalchemy.orm import load_only, noload

a = Author(name="Le Guin", bio="Earthsea", email="ursula@example.com")
db.session.add_all([a, Book(title="A Wizard", author=a), Book(title="The Tombs", author=a)])
db.session.commit()
db.session.expunge_all()

authors = db.session.scalars(select(Author).options(load_only(Author.name))).all()
print([x.name for x in authors])
print(authors[0].email)

book = db.session.scalars(select(Book).where(Book.id == 1)).one()
print(book.author.name)  # the author is already in the identity map: no SQL, no raise
try:
    print(book.author.books)
except Exception as e:
    print(type(e).__name__, str(e).splitlines()[0])
db.session.expunge_all()

authors = Author.query.options(noload(Author.books), defer(Author.bio)).all()
print(authors[0].books, authors[0].bio)
db.session.expunge_all()

books = db.session.scalars(select(Book).options(selectinload(Book.author).load_only(Author.email))).all()
print([b.author.email for b in books])
