from decimal import Decimal
from datetime import date
print(1/3, 2.0, 1e16, 1e-5, -0.0, 10**3, 7 // 2, -7 // 2, 7 % -3)
print(Decimal("7.50") * 3, repr(Decimal("1.10")), [Decimal("2.5")])
print({"a": 1, "b": [1, 2.5, None, True]}, (1,), (), "it's", repr("it's"))
print(f"{3.14159:.2f}|{42:>5}|{'x':*^7}|{1234567:,}|{0.25:.1%}|{'ab'!r}")
d = datetime(2024, 5, 17, 13, 45)
print(d, repr(d), d.isoformat(), datetime.utcnow(), date.today(), d - datetime(2024, 5, 1))
print(sorted([3, 1, 2], reverse=True), list(enumerate("ab", 1)), dict(zip("ab", range(2))))
def f(a, b=2, *args, c=3, **kw):
    return a, b, args, c, kw
print(f(1), f(1, 2, 3, c=4, d=5))
total = 0
for i in range(10):
    if i % 2:
        continue
    total += i
else:
    print("done", total)
try:
    {}["missing"]
except KeyError as e:
    print("KeyError", e, repr(e))
print([x * x for x in range(5) if x > 1], {k: v for k, v in [("a", 1)]}, sum(x for x in range(4)))
print(round(2.675, 2), round(0.5), round(1.5), abs(-3), max([1, 5, 3]), min("bca"), "a,b,,c".split(","))
print(" x ".strip(), "Hello".upper(), "-".join(["a", "b"]), "%s=%d" % ("n", 5), "{} {}".format(1, "z"))
Item(name="a")
it = Item(name="b")
db.session.add(it)
db.session.commit()
print(it, Item.query.all())
x = None
print(x.name)
