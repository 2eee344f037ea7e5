import datetime as dt
from datetime import date, datetime, time, timedelta
from typing import Optional

from sqlalchemy import DateTime
from sqlalchemy.orm import Mapped, mapped_column


class Event(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    starts_at: Mapped[datetime]
    created_at: Mapped[datetime] = mapped_column(default=datetime.utcnow)
    aware_at: Mapped[Optional[datetime]] = mapped_column(DateTime(timezone=True))
    day: Mapped[date]
    opens: Mapped[Optional[time]]
    duration: Mapped[Optional[timedelta]]
    updated_at: Mapped[Optional[dt.datetime]]
