from typing import Literal, Optional

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column

Severity = Literal["low", "medium", "critical"]


class Ticket(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    status: Mapped[str] = mapped_column(Enum("open", "closed", name="status"), default="open")
    severity: Mapped[Optional[Severity]]
