db.session.add_all([
    Parent(name="a", children=[Child(name="x"), Child(name="y")]),
    Parent(name="b", children=[Child(name="z"), Child(name="w")]),
])
db.session.commit()

# Children not loaded: only the parent's DELETE; SQLite's ON DELETE CASCADE does the rest.
p = db.session.get(Parent, 1)
db.session.delete(p)
db.session.commit()
print(db.session.query(Child).order_by(Child.id).all())

# Children loaded: SQLAlchemy handles the ones it holds.
p = db.session.get(Parent, 2)
print(p.children)
db.session.delete(p)
db.session.commit()
print(db.session.query(Child).count(), db.session.query(Parent).count())
