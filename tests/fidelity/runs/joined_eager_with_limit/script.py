for i in range(5):
    db.session.add(User(name=f"user{i}", posts=[Post(title=f"post {i}.{j}") for j in range(2)]))
db.session.commit()
db.session.expunge_all()

first = User.query.options(joinedload(User.posts)).order_by(User.name.desc()).first()
print(first.name, [p.title for p in first.posts])
db.session.expunge_all()

page = User.query.options(joinedload(User.posts)).order_by(User.id).limit(2).offset(1).all()
print([(u.name, len(u.posts)) for u in page])
db.session.expunge_all()

top = db.session.scalars(select(User).options(joinedload(User.posts)).where(User.id > 1).limit(2)).unique().all()
print([(u.name, len(u.posts)) for u in top])
