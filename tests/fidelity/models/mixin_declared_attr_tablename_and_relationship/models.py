from sqlalchemy.orm import declared_attr


class TableNameMixin:
    @declared_attr
    def __tablename__(cls):
        return cls.__name__.lower() + "s"


class AuthorMixin:
    @declared_attr
    def author_id(cls):
        return db.Column(db.Integer, db.ForeignKey("authors.id"), nullable=False, index=True)

    @declared_attr
    def author(cls):
        return db.relationship("Author")


class Author(TableNameMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(80), unique=True)


class Book(TableNameMixin, AuthorMixin, db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(200))


class Essay(AuthorMixin, db.Model):
    __tablename__ = "essay"
    id = db.Column(db.Integer, primary_key=True)
