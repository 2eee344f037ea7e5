class LogEntry(db.Model):
    __tablename__ = "log_entries"
    __table_args__ = {"sqlite_autoincrement": True}

    id = db.Column(db.Integer, primary_key=True)
    message = db.Column(db.Text, nullable=False)


class Empty(db.Model):
    __table_args__ = {}

    id = db.Column(db.Integer, primary_key=True)
