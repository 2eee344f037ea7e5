db.session.add_all([Article(headline=f"News {n}") for n in range(1, 24)])
db.session.commit()

page = db.paginate(select(Article).order_by(Article.id), page=3, per_page=5)
print(page.items, page.total, page.pages, page.first, page.last)
print(page.has_prev, page.prev_num, page.has_next, page.next_num)
print(list(page.iter_pages()), list(page.iter_pages(left_edge=1, right_edge=1, left_current=0, right_current=1)))
nxt = page.next()
print(nxt.page, nxt.items, nxt.total)
prev = page.prev()
print(prev.page, [a.headline for a in prev])
capped = db.paginate(select(Article), page=1, per_page=50, max_per_page=10)
print(capped.per_page, len(capped.items), capped.pages)
quick = db.paginate(select(Article).where(Article.id > 20), page=1, per_page=2, count=False)
print(quick.items, quick.total, quick.pages, quick.has_next)
legacy = Article.query.filter(Article.id % 2 == 0).order_by(Article.id.desc()).paginate(page=2, per_page=4)
print(legacy.items, legacy.total, legacy.pages, legacy.page)
print(Article.query.paginate(page=7, per_page=4, error_out=False).items)
print(db.paginate(select(Article), page=0, per_page=5, error_out=False).page)
for args in [dict(page=99, per_page=5), dict(page=0, per_page=5), dict(page=1, per_page=0)]:
    try:
        db.paginate(select(Article), **args)
    except Exception as e:
        print(type(e).__name__, e.code)
print(Article.query.get_or_404(3), db.get_or_404(Article, 4))
print(Article.query.filter_by(headline="News 2").first_or_404())
print(db.first_or_404(select(Article).where(Article.id > 21)))
print(db.one_or_404(select(Article).where(Article.id == 1)))
for attempt in [lambda: db.get_or_404(Article, 99), lambda: db.one_or_404(select(Article)), lambda: Article.query.filter(Article.id > 99).first_or_404()]:
    try:
        attempt()
    except Exception as e:
        print(type(e).__name__, e.code, str(e)[:13])
