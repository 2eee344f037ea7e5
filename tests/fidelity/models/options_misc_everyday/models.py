import uuid
from datetime import datetime
from typing import Optional
import sqlalchemy as sa
from sqlalchemy import func, desc, text
from sqlalchemy.orm import Mapped, mapped_column
from sqlalchemy.ext.hybrid import hybrid_property


class Account(db.Model):
    __table_args__ = (db.Index("idx_account_owner_name", "owner", "name"), {"sqlite_autoincrement": True})
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)
    owner = db.Column(db.String(40), nullable=False, doc="who", info={"label": "Owner"})
    name = db.Column(db.String(40), comment="display name")
    created = db.Column(db.DateTime(timezone=True), server_default=db.func.now())
    touched = db.Column(db.DateTime, default=db.func.now(), onupdate=func.now())
    note = db.Column(db.Text, server_default=text("'n/a'"))
    ratio = db.Column(db.Float(precision=2), default=0.5)

    @hybrid_property
    def label(self):
        return self.owner + ":" + self.name


class Token(db.Model):
    id: Mapped[uuid.UUID] = mapped_column(primary_key=True, default=uuid.uuid4)
    account_id: Mapped[int] = mapped_column(sa.ForeignKey("account.id", ondelete="SET NULL"), nullable=True)
    body: Mapped[str] = mapped_column(sa.Text, deferred=True)
    score: Mapped[float] = mapped_column(default=0.0)
    raw: Mapped[Optional[bytes]]
    expires_at: Mapped[Optional[datetime]] = mapped_column(sa.DateTime(timezone=True), index=True)
    account = db.relationship("Account", backref=db.backref("tokens", order_by=desc("Token.expires_at"), lazy="dynamic"))
