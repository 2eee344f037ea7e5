from sqlalchemy import BigInteger, String
from sqlalchemy.orm import Mapped, mapped_column


class Plain(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class ExplicitFalse(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)


class AutoIncrementing(db.Model):
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    name: Mapped[str] = mapped_column(String(20))


class BigPk(db.Model):
    id: Mapped[int] = mapped_column(BigInteger, primary_key=True)
