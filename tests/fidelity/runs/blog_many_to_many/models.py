from typing import List
from sqlalchemy import Column, ForeignKey, Integer, String, Table
from sqlalchemy.orm import Mapped, mapped_column, relationship

enrollment = Table(
    "enrollment",
    db.metadata,
    Column("student_id", Integer, ForeignKey("students.id"), primary_key=True),
    Column("course_id", Integer, ForeignKey("courses.id"), primary_key=True),
)


class Student(db.Model):
    __tablename__ = "students"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    courses: Mapped[List["Course"]] = relationship(secondary=enrollment, back_populates="students")

    def __repr__(self):
        return f"<Student {self.name}>"


class Course(db.Model):
    __tablename__ = "courses"
    id: Mapped[int] = mapped_column(primary_key=True)
    title: Mapped[str] = mapped_column(String(50), unique=True)
    students: Mapped[List["Student"]] = relationship(secondary=enrollment, back_populates="courses")

    def __repr__(self):
        return f"<Course {self.title}>"
