# Each change below comes after autoflushes that found nothing to write: the next query
# must still flush it.
db.session.add_all([User(username="ann", posts=[Post(title="a")]), User(username="bob")])
db.session.commit()
ann, bob = User.query.order_by(User.id).all()
print(len(ann.posts), len(bob.posts))
print(len(ann.posts), len(bob.posts))

ann.username = "anna"
print(User.query.filter_by(username="anna").count())

bob.posts.append(Post(title="b"))
print(Post.query.count())

first = Post.query.filter_by(title="a").one()
first.author = bob
print(Post.query.filter_by(user_id=bob.id).count())

bob.posts.remove(first)
print(Post.query.filter(Post.user_id.is_(None)).count())

setattr(first, "title", "renamed")
print(Post.query.filter_by(title="renamed").count())

ann.posts += [Post(title="c")]
print(Post.query.filter_by(user_id=ann.id).count())

ann.notes.append(Note(body="n1"))
print(Note.query.count())

db.session.add(User(username="cy"))
print(User.query.count())

db.session.delete(bob)
print(User.query.count(), Post.query.filter(Post.user_id.is_(None)).count())
db.session.commit()
