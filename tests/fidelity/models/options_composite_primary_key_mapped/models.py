from sqlalchemy import PrimaryKeyConstraint, String
from sqlalchemy.orm import Mapped, mapped_column


class Enrollment(db.Model):
    student_id: Mapped[int] = mapped_column(primary_key=True)
    course_id: Mapped[int] = mapped_column(primary_key=True)
    grade: Mapped[str | None] = mapped_column(String(2))


class Translation(db.Model):
    __tablename__ = "translations"
    __table_args__ = (PrimaryKeyConstraint("locale", "key"),)

    key: Mapped[str] = mapped_column(String(100))
    locale: Mapped[str] = mapped_column(String(5))
    text: Mapped[str]
