from datetime import datetime, timezone


def next_code():
    return "X-1"


class Task(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(100), nullable=False, default="untitled")
    done = db.Column(db.Boolean, default=False)
    priority = db.Column(db.Integer, default=1)
    code = db.Column(db.String(10), default=next_code)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)
    created_at_aware = db.Column(db.DateTime(timezone=True), default=lambda: datetime.now(timezone.utc))
    updated_at = db.Column(db.DateTime, default=datetime.utcnow, onupdate=datetime.utcnow)
    touched = db.Column(db.Integer, onupdate=1)
