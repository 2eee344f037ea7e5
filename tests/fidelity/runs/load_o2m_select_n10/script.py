for i in range(10):
    db.session.add(User(name=f"user{i}", posts=[Post(title=f"post {i}.{j}") for j in range(2)]))
db.session.commit()
db.session.expunge_all()

for user in User.query.order_by(User.id).all():
    print(user.name, len(user.posts))
