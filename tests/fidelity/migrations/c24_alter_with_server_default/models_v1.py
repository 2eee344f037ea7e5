class Counter(db.Model):
    __tablename__ = "counters"
    id = db.Column(db.Integer, primary_key=True)
    hits = db.Column(db.Integer, nullable=False, server_default="0")
    label = db.Column(db.String(10), server_default=db.text("'x'"))
