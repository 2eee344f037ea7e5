from datetime import datetime, timezone
from typing import Optional

from sqlalchemy import String, func
from sqlalchemy.orm import Mapped, mapped_column


class Task(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(100), default="untitled")
    done: Mapped[bool] = mapped_column(default=False)
    priority: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(default=lambda: datetime.now(timezone.utc))
    updated_at: Mapped[Optional[datetime]] = mapped_column(onupdate=func.now())
    version: Mapped[int] = mapped_column(default=1, onupdate=2)
