for i in range(3):
    db.session.add(Post(title=f"post {i}", author=User(name=f"user{i}")))
db.session.commit()
db.session.expunge_all()

for post in Post.query.order_by(Post.id).all():
    print(post.title, post.author.name)
