from typing import Optional

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column


class Company(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))


class Employee(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(50))
    type: Mapped[str] = mapped_column(String(20))

    __mapper_args__ = {"polymorphic_on": "type", "polymorphic_identity": "employee"}


class Manager(Employee):
    manager_name: Mapped[Optional[str]] = mapped_column(String(30), index=True)
    company_id: Mapped[Optional[int]] = mapped_column(ForeignKey("company.id"))

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    primary_language: Mapped[Optional[str]] = mapped_column(String(30), unique=True)

    __mapper_args__ = {"polymorphic_identity": "engineer"}
