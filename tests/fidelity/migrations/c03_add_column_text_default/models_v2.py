from sqlalchemy import text


class Task(db.Model):
    __tablename__ = "tasks"
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(100), nullable=False)
    done = db.Column(db.Boolean, nullable=False, server_default=text("0"))
    rank = db.Column(db.Integer, server_default=text("(1 + 1)"))
