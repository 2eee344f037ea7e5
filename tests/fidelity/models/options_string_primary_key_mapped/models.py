from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column


class Country(db.Model):
    code: Mapped[str] = mapped_column(String(2), primary_key=True)
    name: Mapped[str] = mapped_column(String(80))


class City(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    country_code: Mapped[str] = mapped_column(ForeignKey("country.code"))
    name: Mapped[str | None] = mapped_column(String(80))
