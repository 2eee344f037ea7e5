class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    sent = db.relationship("Message", backref="sender")


class Message(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    sender_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    recipient_id = db.Column(db.Integer, db.ForeignKey("user.id"))
