import enum


class Size(enum.Enum):
    S = "small"
    M = "medium"
    XL = "extra large"


class Shirt(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    size = db.Column(db.Enum(Size, native_enum=False))
    size_checked = db.Column(db.Enum(Size, create_constraint=True))
    fit = db.Column(db.Enum("slim", "regular", name="shirt_fit", create_constraint=True))
    color = db.Column(db.Enum("red", "blue", native_enum=False, length=20))
    by_value = db.Column(db.Enum(Size, values_callable=lambda e: [m.value for m in e]))
