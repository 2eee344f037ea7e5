class Reading(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    sensor = db.Column(db.String(20), nullable=False)
    taken_at = db.Column(db.DateTime, nullable=False)
    value = db.Column(db.Float)

    __table_args__ = (
        db.UniqueConstraint("sensor", "taken_at"),
        db.Index("ix_reading_sensor_taken", "sensor", "taken_at"),
        {"sqlite_autoincrement": True},
    )
