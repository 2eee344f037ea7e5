from sqlalchemy import Index, String
from sqlalchemy.orm import Mapped, mapped_column


class Person(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    first_name: Mapped[str] = mapped_column(String(50))
    last_name: Mapped[str] = mapped_column(String(50))
    email: Mapped[str | None] = mapped_column(String(120))


Index("ix_person_full_name", Person.last_name, Person.first_name)
Index("ux_person_email", Person.email, unique=True)
Index("ix_person_email_partial", Person.email, sqlite_where=Person.email.isnot(None))
