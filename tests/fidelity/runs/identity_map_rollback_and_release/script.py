# The identity map across a rollback that brings a deleted object back, expunge, and objects
# freed once nothing refers to them.
db.session.add_all([User(id=1, username="ann", posts=[Post(title="a1"), Post(title="a2")]), User(id=2, username="bob", posts=[Post(title="b1")])])
db.session.commit()

ann = db.session.get(User, 1)
db.session.delete(ann)
db.session.flush()
db.session.add(User(id=1, username="impostor"))
db.session.flush()
print(db.session.get(User, 1).username)
db.session.rollback()
again = db.session.get(User, 1)
print(again is ann, again.username)

db.session.expunge_all()
fresh = db.session.get(User, 1)
print(fresh is ann, fresh.username)
del fresh, again, ann

total = 0
for user in User.query.order_by(User.id).all():
    total += len(user.posts)
print(total)
print(db.session.get(Post, 1).title)
print(db.session.get(Post, 3).title)
print(db.session.get(User, 2).username)
