class Parent(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Child(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    parent_id = db.Column(db.Integer, db.ForeignKey("parent.id", deferrable=True, initially="DEFERRED"))
    other_id = db.Column(db.Integer, db.ForeignKey("parent.id", deferrable=True))
