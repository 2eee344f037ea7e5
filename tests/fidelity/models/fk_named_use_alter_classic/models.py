class Department(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    manager_id = db.Column(
        db.Integer,
        db.ForeignKey("employee.id", name="fk_department_manager", use_alter=True),
    )


class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    department_id = db.Column(db.Integer, db.ForeignKey("department.id", name="fk_employee_department"))
    name = db.Column(db.String(50))
