for i in range(10):
    db.session.add(User(name=f"user{i}", posts=[Post(title=f"post {i}.{j}") for j in range(3)]))
db.session.commit()
db.session.expunge_all()

users = User.query.order_by(User.id).all()
for user in users:
    print(user.name, len(user.posts))
