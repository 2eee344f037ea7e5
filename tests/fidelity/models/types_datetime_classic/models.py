from datetime import datetime


class Event(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    starts_at = db.Column(db.DateTime, nullable=False)
    created_at = db.Column(db.DateTime, default=datetime.utcnow)
    aware_at = db.Column(db.DateTime(timezone=True))
    day = db.Column(db.Date)
    opens = db.Column(db.Time)
    duration = db.Column(db.Interval)
    stamp = db.Column(db.TIMESTAMP)
