from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column


class City(db.Model):
    __tablename__ = "cities"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(60), nullable=True)
    population: Mapped[int]
