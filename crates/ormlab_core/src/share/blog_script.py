for name in ["ada", "linus", "grace"]:
    user = User(username=name)
    db.session.add(user)
    db.session.add(Post(title="Hi " + name, author=user))
db.session.commit()
users = User.query.all()
for user in users:
    print(user.username, len(user.posts))
