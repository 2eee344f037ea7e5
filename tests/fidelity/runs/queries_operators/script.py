from decimal import Decimal

db.session.add_all([
    Item(name="apple", price=Decimal("0.50"), rating=4.5, stock=100),
    Item(name="melon", price=Decimal("3.20"), rating=3, stock=4, active=False),
    Item(name="grape", price=Decimal("2"), rating=None, stock=0),
])
db.session.commit()

print(Item.query.filter(Item.price > 1).order_by(Item.id).all())
print(Item.query.filter(Item.price >= 2.5).all())
print(Item.query.filter(Item.rating < 4).all())
print(Item.query.filter(Item.rating.is_(None)).all(), Item.query.filter(Item.rating.isnot(None)).count())
print(Item.query.filter(Item.stock % 2 == 0, Item.stock * 2 > 100).all())
print(Item.query.filter((Item.stock + 1) * 2 > 10).order_by(Item.id).all())
print(Item.query.filter(Item.price.between(1, 3)).all())
print(Item.query.filter(Item.name.in_(["apple", "grape"]), ~Item.active.is_(False)).order_by(Item.name).all())
print(Item.query.filter(or_(Item.stock == 0, and_(Item.active == False, Item.rating > 2))).order_by(Item.id).all())
print(Item.query.filter(not_(Item.name.contains("e"))).all())
print(Item.query.filter(Item.name.endswith("e"), Item.name.notin_(["grape"])).all())
print(Item.query.filter(Item.active).count(), Item.query.filter(~Item.active).count())
print(db.session.scalars(select(Item.name).where(Item.name.ilike("A%") | (Item.price == Decimal("2.00")))).all())
print(db.session.execute(select(Item.name, Item.price * Item.stock).order_by(Item.id)).all())
print(db.session.execute(select((Item.stock - 1).label("left"), Item.name + "!").order_by(Item.id.desc()).limit(1)).one())
