from datetime import datetime
from typing import Optional

import sqlalchemy as sa
from sqlalchemy import String, func, text
from sqlalchemy.orm import Mapped, mapped_column


class Setting(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), server_default="unnamed")
    count: Mapped[int] = mapped_column(server_default=text("0"))
    created_at: Mapped[datetime] = mapped_column(server_default=func.now())
    enabled: Mapped[bool] = mapped_column(server_default=sa.false())
    note: Mapped[Optional[str]] = mapped_column(server_default=text("'n/a'"))
