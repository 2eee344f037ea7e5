from typing import Any, Optional

from sqlalchemy import JSON, LargeBinary, PickleType
from sqlalchemy.orm import Mapped, mapped_column


class Document(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    meta: Mapped[Optional[dict[str, Any]]] = mapped_column(JSON)
    tags: Mapped[list[str]] = mapped_column(JSON, default=list)
    content: Mapped[bytes]
    thumbnail: Mapped[Optional[bytes]] = mapped_column(LargeBinary(1024))
    state: Mapped[Optional[object]] = mapped_column(PickleType)
