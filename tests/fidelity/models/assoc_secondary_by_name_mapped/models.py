from sqlalchemy import Column, ForeignKey, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship


class Student(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    clubs: Mapped[list["Club"]] = relationship(secondary="memberships", back_populates="members")


class Club(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    members: Mapped[list[Student]] = relationship(secondary="memberships", back_populates="clubs")


memberships = Table(
    "memberships",
    db.Model.metadata,
    Column("student_id", ForeignKey("student.id"), primary_key=True),
    Column("club_id", ForeignKey("club.id"), primary_key=True),
)
