class Counter(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    hits = db.Column(db.Integer, nullable=False, default=0)
    total_bytes = db.Column(db.BigInteger)
    priority = db.Column(db.SmallInteger, default=3)
    misc = db.Column(db.Integer())

    def __repr__(self):
        return f"<Counter {self.id} hits={self.hits}>"
