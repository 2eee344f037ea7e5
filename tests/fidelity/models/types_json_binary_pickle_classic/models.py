class Document(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    meta = db.Column(db.JSON)
    settings = db.Column(db.JSON, nullable=False, default=dict)
    content = db.Column(db.LargeBinary)
    thumbnail = db.Column(db.LargeBinary(1024))
    state = db.Column(db.PickleType)
