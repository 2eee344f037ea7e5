for i in range(1, 5):
    a = Author(name=f"author{i}")
    for j in range(i % 3 + 1):
        art = Article(title=f"a{i}-{j}", author=a)
        art.remarks = [Remark(text=f"r{i}{j}{k}") for k in range(j)]
    db.session.add(a)
db.session.commit()
db.session.expunge_all()

# the N+1: one query for the authors, one per author for the articles
for a in Author.query.order_by(Author.id).all():
    print(a.name, [x.title for x in a.articles])
db.session.expunge_all()

# joined: one statement, rows repeat per article
authors = Author.query.options(joinedload(Author.articles)).order_by(Author.id).all()
print([len(a.articles) for a in authors])
db.session.expunge_all()

# selectin, nested: articles then their authors (already in the identity map: no query)
authors = db.session.scalars(select(Author).options(selectinload(Author.articles).selectinload(Article.author))).all()
print([[x.author.name for x in a.articles] for a in authors])
db.session.expunge_all()

# subquery load follows the parent query's criteria
authors = Author.query.filter(Author.name != "author2").options(subqueryload(Author.articles)).all()
print({a.name: len(a.articles) for a in authors})
db.session.expunge_all()

# many-to-one eager both ways
arts = db.session.scalars(select(Article).options(joinedload(Article.author)).order_by(Article.id)).all()
print([(x.title, x.author.name, len(x.remarks)) for x in arts])
db.session.expunge_all()

arts = db.session.scalars(select(Article).options(selectinload(Article.author)).where(Article.id > 2)).all()
print(sorted(x.author.name for x in arts))
db.session.expunge_all()

# 2.0 joined eager collection without unique()
try:
    db.session.scalars(select(Author).options(joinedload(Author.articles))).all()
except Exception as e:
    print(type(e).__name__)
print(len(db.session.scalars(select(Author).options(joinedload(Author.articles))).unique().all()))
