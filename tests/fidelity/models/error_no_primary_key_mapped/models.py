from sqlalchemy.orm import Mapped


class Note(db.Model):
    __tablename__ = "notes"

    title: Mapped[str]
    body: Mapped[str]
