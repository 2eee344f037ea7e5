from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class Account(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(120), unique=True)
    plan: Mapped[str] = mapped_column(String(20), server_default="free")
    credits: Mapped[int] = mapped_column(server_default="10")
