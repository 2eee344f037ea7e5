db.session.add(Account(owner="ann", balance=100))
db.session.commit()

for owner in ["bea", "ann", "cy"]:
    try:
        with db.session.begin_nested():
            db.session.add(Account(owner=owner, balance=5))
        print("added", owner)
    except IntegrityError as e:
        print("duplicate", owner, "-", e.orig)
db.session.commit()
print(Account.query.count())

sp = db.session.begin_nested()
ann = db.session.get(Account, 1)
ann.balance = 0
db.session.add(Account(owner="dan"))
db.session.flush()
print(Account.query.filter(Account.balance == 0).count())
sp.rollback()
print(Account.query.count(), db.session.get(Account, 1))
db.session.commit()

outer = db.session.begin_nested()
inner = db.session.begin_nested()
db.session.add(Account(owner="eve"))
inner.commit()
outer.commit()
db.session.commit()
print([a.owner for a in Account.query.order_by(Account.id)])

with db.session.no_autoflush:
    db.session.add(Account(owner="fay"))
    print(Account.query.filter_by(owner="fay").first(), len(db.session.new))
print(Account.query.filter_by(owner="fay").first())
db.session.rollback()

db.session.add(Account(owner="ann"))
try:
    db.session.commit()
except IntegrityError as e:
    print(type(e).__name__, str(e).splitlines()[0])
    print(str(e).splitlines()[1])
    print(str(e).splitlines()[2])
try:
    Account.query.all()
except Exception as e:
    print(type(e).__name__, str(e)[:60])
db.session.rollback()

with db.session.begin():
    db.session.add(Account(owner="gus", balance=7))
print(db.session.scalar(select(Account.balance).where(Account.owner == "gus")))
db.session.commit()
try:
    with db.session.begin():
        db.session.add(Account(owner="gus"))
except IntegrityError:
    print("rolled back")
print(Account.query.count())
try:
    db.session.begin()
except Exception as e:
    print(type(e).__name__, str(e))
