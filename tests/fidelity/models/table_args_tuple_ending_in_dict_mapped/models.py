from datetime import datetime

from sqlalchemy import CheckConstraint, String
from sqlalchemy.orm import Mapped, mapped_column


class Reading(db.Model):
    __table_args__ = (
        CheckConstraint("value BETWEEN -50 AND 150", name="ck_reading_range"),
        {"sqlite_autoincrement": True, "comment": "sensor readings"},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    sensor: Mapped[str] = mapped_column(String(20), index=True)
    taken_at: Mapped[datetime]
    value: Mapped[float]
