b = Basket(owner="kim", lines=[Line(sku="A1"), Line(sku="B2"), Line(sku="C3")], notes=[Note(text="gift"), Note(text="fast")])
db.session.add(b)
db.session.commit()

b.lines.remove(b.lines[1])
b.notes.pop(0)
db.session.commit()
print([l.sku for l in b.lines], Line.query.count(), [n.basket_id for n in Note.query.order_by(Note.id)])

db.session.delete(b)
db.session.commit()
print(Basket.query.count(), Line.query.count(), Note.query.count())
