import re

from sqlalchemy.orm import validates


class User(db.Model):
    ROLES = ("user", "admin")
    MAX_NAME = 50

    id = db.Column(db.Integer, primary_key=True)
    first_name = db.Column(db.String(MAX_NAME))
    last_name = db.Column(db.String(MAX_NAME))
    email = db.Column(db.String(120), unique=True, nullable=False)
    role = db.Column(db.String(10), default=ROLES[0])

    def __repr__(self):
        return f"<User {self.email!r} ({self.role})>"

    def __str__(self):
        return self.full_name

    @property
    def full_name(self):
        return f"{self.first_name} {self.last_name}".strip()

    @full_name.setter
    def full_name(self, value):
        self.first_name, _, self.last_name = value.partition(" ")

    @validates("email")
    def validate_email(self, key, value):
        if not re.match(r"[^@]+@[^@]+", value):
            raise ValueError(f"invalid email: {value}")
        return value.lower()

    @validates("role")
    def validate_role(self, key, value):
        assert value in self.ROLES
        return value

    def to_dict(self):
        return {"id": self.id, "email": self.email, "name": self.full_name}

    @classmethod
    def by_email(cls, email):
        return cls.query.filter_by(email=email).first()

    @staticmethod
    def normalise(text):
        return text.strip().lower()
