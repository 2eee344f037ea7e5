class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    sent = db.relationship("Message", foreign_keys="Message.sender_id", back_populates="sender")
    received = db.relationship("Message", foreign_keys="[Message.recipient_id]", back_populates="recipient")


class Message(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    sender_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    recipient_id = db.Column(db.Integer, db.ForeignKey("user.id"), nullable=False)
    body = db.Column(db.Text)
    sender = db.relationship("User", foreign_keys=[sender_id], back_populates="sent")
    recipient = db.relationship("User", foreign_keys=[recipient_id], back_populates="received")
