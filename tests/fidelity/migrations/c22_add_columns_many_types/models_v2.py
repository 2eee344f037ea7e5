import enum


class Level(enum.Enum):
    LOW = "low"
    HIGH = "high"


class Event(db.Model):
    __tablename__ = "events"
    id = db.Column(db.Integer, primary_key=True)
    small = db.Column(db.SmallInteger)
    big = db.Column(db.BigInteger)
    price = db.Column(db.Numeric(8, 3))
    ratio = db.Column(db.Float)
    on = db.Column(db.Date)
    at = db.Column(db.DateTime)
    payload = db.Column(db.JSON)
    blob = db.Column(db.LargeBinary)
    kind = db.Column(db.Enum("a", "bb", name="event_kind"))
    level = db.Column(db.Enum(Level))
    flag = db.Column(db.Boolean)
