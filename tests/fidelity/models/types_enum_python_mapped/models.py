import enum
from typing import Optional

from sqlalchemy.orm import Mapped, mapped_column


class Role(enum.Enum):
    USER = "user"
    MODERATOR = "moderator"
    ADMIN = "admin"


class Plan(enum.IntEnum):
    FREE = 0
    PRO = 1
    ENTERPRISE = 2


class Account(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    role: Mapped[Role] = mapped_column(default=Role.USER)
    plan: Mapped[Optional[Plan]]
