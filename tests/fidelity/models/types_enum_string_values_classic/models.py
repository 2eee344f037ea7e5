class Ticket(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    status = db.Column(db.Enum("open", "closed", name="status"), nullable=False, default="open")
    severity = db.Column(db.Enum("low", "medium", "critical"))
