import uuid
from typing import Optional

from sqlalchemy import Uuid
from sqlalchemy.orm import Mapped, mapped_column


class ApiKey(db.Model):
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    public_id: Mapped[str] = mapped_column(Uuid(as_uuid=False), unique=True)
    parent_id: Mapped[Optional[uuid.UUID]]
    label: Mapped[str]
