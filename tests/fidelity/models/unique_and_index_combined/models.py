from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Login(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(50), unique=True, index=True)
    email = db.Column(db.String(120), unique=True)
    token = db.Column(db.String(64), index=True)
    tenant = db.Column(db.String(20))
    external_id = db.Column(db.String(40))

    __table_args__ = (db.UniqueConstraint("tenant", "external_id", name="uq_login_tenant_ext"),)


class Session(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    key: Mapped[str] = mapped_column(String(64), unique=True, index=True)
    device: Mapped[str] = mapped_column(String(64), index=True, unique=False)
