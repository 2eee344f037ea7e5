from datetime import date
from decimal import Decimal

g = Gadget(code="G1", price=Decimal("9.5"), weight=2, made_on=date(2024, 2, 29), size=Size.large,
           specs={"z": 1, "a": [1.5, None, "é"], "m": {"y": True, "b": False}}, blob=b"\x00\xff", label="one")
db.session.add(g)
db.session.add(Gadget(code="G2"))
db.session.commit()
for item in Gadget.query.order_by(Gadget.id):
    print(repr(item.price), item.weight, repr(item.made_on), item.size, item.specs, item.blob)
print(type(g.price).__name__, type(g.size).__name__, type(g.specs).__name__, type(g.blob).__name__)
print(db.session.execute(text("SELECT price, size, specs, made_on FROM gadgets ORDER BY id")).all())
print(Gadget.__table__.name, Gadget.__table__.c.keys())
print(sorted(i.name for i in Gadget.__table__.indexes))
print(sorted(c.name for c in Gadget.__table__.constraints if c.name))
col = Gadget.__table__.c.label
print(col.name, col.unique, col.index, col.nullable, Gadget.__table__.c.code.nullable, Gadget.__table__.c.id.primary_key)
print([c.name for c in Gadget.__table__.columns if not c.nullable])
g.specs = {"k": "v"}
g.price = Decimal("1.2345")
db.session.commit()
print(g.specs, g.price)
print(db.session.scalars(select(Gadget.code).where(Gadget.size == Size.small)).all())
