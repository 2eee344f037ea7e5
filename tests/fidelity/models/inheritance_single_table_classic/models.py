class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    type = db.Column(db.String(20))

    __mapper_args__ = {"polymorphic_on": type, "polymorphic_identity": "employee"}


class Manager(Employee):
    manager_data = db.Column(db.String(50))

    __mapper_args__ = {"polymorphic_identity": "manager"}


class Engineer(Employee):
    language = db.Column(db.String(30))

    __mapper_args__ = {"polymorphic_identity": "engineer"}
