from typing import Optional

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column


class Owner(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class Pet(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    owner_id: Mapped[int] = mapped_column(ForeignKey("owner.id", ondelete="CASCADE"))
    vet_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owner.id", ondelete="SET NULL"))
    sitter_id: Mapped[Optional[int]] = mapped_column(ForeignKey("owner.id", onupdate="CASCADE", ondelete="CASCADE"))
