for value in ["str", 5, None]:
    try:
        db.session.add(value)
    except Exception as e:
        print(type(e).__name__, e)
b = Book(title="Dune")
db.session.add(b)
db.session.commit()
db.session.delete(b)
db.session.commit()
print(b.title, b in db.session)
c = Book(title="Emma", copies=2)
db.session.add(c)
db.session.commit()
db.session.expunge(c)
try:
    print(c.copies)
except Exception as e:
    print(type(e).__name__, str(e).split(" at ")[0], str(e).split(">")[-1][:50])
d = db.session.merge(c)
print(d.copies, d is c)
db.session.add(Book(title="Emma"))
try:
    db.session.flush()
except IntegrityError as e:
    print(str(e.orig))
try:
    db.session.commit()
except Exception as e:
    print(type(e).__name__)
db.session.rollback()
print(Book.query.count(), db.session.query(Book).filter(Book.copies > 1).one().title)
print(Book.query.filter_by(title="Nope").one_or_none(), Book.query.filter_by(title="Emma").scalar())
try:
    Book.query.filter_by(nme="x").all()
except Exception as e:
    print(type(e).__name__, e)
try:
    Book(name="x")
except Exception as e:
    print(type(e).__name__, e)
