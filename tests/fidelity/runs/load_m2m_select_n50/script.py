tags = [Tag(name=n) for n in ["python", "sql", "flask"]]
for i in range(50):
    db.session.add(Post(title=f"post {i}", tags=[tags[i % 3], tags[(i + 1) % 3]]))
db.session.commit()
db.session.expunge_all()

for post in Post.query.order_by(Post.id).all():
    print(post.title, sorted(t.name for t in post.tags))
