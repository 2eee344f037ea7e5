class Event(db.Model):
    __tablename__ = "events"
    id = db.Column(db.Integer, primary_key=True)
