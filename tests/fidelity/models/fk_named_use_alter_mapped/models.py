from typing import Optional

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column


class Department(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    manager_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("employee.id", name="fk_department_manager", use_alter=True)
    )


class Employee(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    department_id: Mapped[Optional[int]] = mapped_column(
        ForeignKey("department.id", name="fk_employee_department", ondelete="SET NULL")
    )
