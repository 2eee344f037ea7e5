from datetime import datetime
from typing import Optional

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import DeclarativeBase, Mapped, MappedAsDataclass, mapped_column, relationship


class Base(DeclarativeBase, MappedAsDataclass):
    pass


db = SQLAlchemy(model_class=Base)


class User(db.Model):
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    email: Mapped[Optional[str]] = mapped_column(default=None)
    created_at: Mapped[datetime] = mapped_column(init=False, default_factory=datetime.utcnow)
    addresses: Mapped[list["Address"]] = relationship(default_factory=list, back_populates="user")


class Address(db.Model):
    id: Mapped[int] = mapped_column(init=False, primary_key=True)
    street: Mapped[str]
    user_id: Mapped[Optional[int]] = mapped_column(ForeignKey("user.id"), default=None)
    user: Mapped[Optional[User]] = relationship(default=None, back_populates="addresses")
