import datetime
from typing import Any, Optional

from flask_sqlalchemy import SQLAlchemy
from sqlalchemy import JSON, BigInteger, DateTime, Numeric, String
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column
from decimal import Decimal


class Base(DeclarativeBase):
    type_annotation_map = {
        dict[str, Any]: JSON,
        dict: JSON,
        list: JSON,
        str: String(255),
        int: BigInteger,
        datetime.datetime: DateTime(timezone=True),
        Decimal: Numeric(12, 4),
    }


db = SQLAlchemy(model_class=Base)


class Event(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str]
    short: Mapped[str] = mapped_column(String(10))
    payload: Mapped[dict[str, Any]]
    extra: Mapped[Optional[dict]]
    items: Mapped[list]
    happened_at: Mapped[datetime.datetime]
    amount: Mapped[Optional[Decimal]]
