import enum


class Role(enum.Enum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Status(str, enum.Enum):
    active = "active"
    banned = "banned"


class Account(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    role = db.Column(db.Enum(Role), nullable=False, default=Role.USER)
    status = db.Column(db.Enum(Status), default=Status.active)
