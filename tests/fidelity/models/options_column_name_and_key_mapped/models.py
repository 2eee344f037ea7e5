from datetime import datetime
from typing import Optional

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Member(db.Model):
    __tablename__ = "members"

    id: Mapped[int] = mapped_column("member_id", primary_key=True)
    name: Mapped[str] = mapped_column("user_name", String(50))
    email: Mapped[Optional[str]] = mapped_column("email_address", String(120), unique=True)
    created: Mapped[Optional[datetime]] = mapped_column("created_at")
