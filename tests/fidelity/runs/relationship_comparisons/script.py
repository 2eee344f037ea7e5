ann = User(name="ann")
bob = User(name="bob")
python = Tag(name="python")
db.session.add_all([
    Post(title="first", author=ann, tags=[python]),
    Post(title="second", author=bob),
    Post(title="orphan"),
])
db.session.commit()

print(Post.query.filter(Post.author == ann).all())
print(Post.query.filter(Post.author != ann).order_by(Post.id).all())
print(Post.query.filter(Post.author == None).all())
print(Post.query.filter(Post.author != None).order_by(Post.id).all())
print(db.session.scalars(select(Post).where(Post.author == bob)).all())
print(User.query.filter(User.posts.any(Post.title == "first")).all())
print(User.query.filter(User.posts.any(title="second")).all())
print(Post.query.filter(Post.author.has(name="ann")).all())
print(Post.query.filter(Post.author.has(User.name.like("b%"))).all())
print(Post.query.filter(Post.tags.any(Tag.name == "python")).all())
print(User.query.filter(~User.posts.any()).all())
