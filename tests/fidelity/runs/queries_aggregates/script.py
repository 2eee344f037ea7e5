from decimal import Decimal

rows = [
    ("north", "pen", 10, "1.50", 0.0),
    ("north", "book", 2, "12.00", 0.1),
    ("south", "pen", 4, "1.50", 0.0),
    ("south", "lamp", 1, "30.25", 0.2),
    ("east", "book", 5, "11.00", 0.0),
]
for region, product, quantity, price, discount in rows:
    db.session.add(Sale(region=region, product=product, quantity=quantity, unit_price=Decimal(price), discount=discount))
db.session.commit()

print(db.session.scalar(select(func.count()).select_from(Sale)))
print(db.session.scalar(select(func.count(Sale.id))))
print(db.session.execute(select(func.min(Sale.unit_price), func.max(Sale.unit_price), func.sum(Sale.quantity), func.avg(Sale.quantity))).one())
total = func.sum(Sale.quantity * Sale.unit_price).label("total")
stmt = select(Sale.region, total, func.count().label("sales")).group_by(Sale.region).order_by(total.desc())
for row in db.session.execute(stmt):
    print(row.region, row.total, row.sales, row._mapping["total"])
stmt = select(Sale.product, func.sum(Sale.quantity)).group_by(Sale.product).having(func.sum(Sale.quantity) > 5).order_by(Sale.product)
print(db.session.execute(stmt).all())
print(db.session.query(Sale.region, func.count(Sale.id)).group_by(Sale.region).order_by(Sale.region).all())
print(db.session.query(func.sum(Sale.quantity).label("q"), func.max(Sale.discount)).one())
print(db.session.query(func.count(func.distinct(Sale.product))).scalar())
print(db.session.execute(select(func.lower(Sale.region), func.length(Sale.product)).order_by(Sale.id).limit(2)).all())
print(db.session.execute(select(func.coalesce(func.sum(Sale.quantity), 0)).where(Sale.region == "west")).scalar_one())
print(Sale.query.with_entities(Sale.product).distinct().order_by(Sale.product).all())
print(db.session.execute(select(Sale.product).distinct().order_by(Sale.product.desc())).scalars().all())
