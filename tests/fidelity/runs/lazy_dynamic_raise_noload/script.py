s = Shelf(label="top")
db.session.add(s)
db.session.flush()
for i in range(4):
    s.books.append(Book(title=f"b{i}", pages=100 * i))
db.session.add_all([Plant(shelf_id=s.id), Lamp(shelf_id=s.id)])
db.session.commit()

print(s.books.count(), [b.title for b in s.books.filter(Book.pages >= 200)])
print(s.books.order_by(Book.pages.desc()).first().title)
try:
    s.plants
except Exception as e:
    print(type(e).__name__, str(e))
print(s.lamps)
shelf = Shelf.query.options(lazyload(Shelf.plants)).first()
print(len(shelf.plants))
