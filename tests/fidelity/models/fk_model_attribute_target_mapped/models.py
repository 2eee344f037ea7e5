from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column


class Team(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50), unique=True)


class Player(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    team_id: Mapped[int] = mapped_column(ForeignKey(Team.id))
    name: Mapped[str] = mapped_column(String(50))
