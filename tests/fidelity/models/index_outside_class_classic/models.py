from sqlalchemy import func


class Person(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    first_name = db.Column(db.String(50))
    last_name = db.Column(db.String(50))
    email = db.Column(db.String(120))


db.Index("ix_person_full_name", Person.last_name, Person.first_name)
db.Index("ux_person_email", Person.email, unique=True)
db.Index("ix_person_email_lower", func.lower(Person.email))
