u = User(name="ann")
v = User(name="bob")
u.posts = [Post(title="a"), Post(title="b")]
v.posts = [Post(title="c")]
db.session.add_all([u, v])
db.session.commit()
u = db.session.get(User, 1)
print(u.posts)
n = Post(title="new")
n.author = u
print(u.posts, n in db.session)
v = db.session.get(User, 2)
m = Post(title="queued")
m.author = v
print("v loaded?", "posts" in v.__dict__, m in db.session)
with db.session.no_autoflush:
    print(v.posts)
a = u.posts[0]
a.author = v
print(u.posts, v.posts)
b = db.session.get(Post, 2)
print("author loaded?", "author" in b.__dict__)
b.author = v
print(u.posts, v.posts)
db.session.commit()
print(db.session.get(User, 2).posts)
