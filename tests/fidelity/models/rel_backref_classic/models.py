class Department(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    employees = db.relationship("Employee", backref="department", lazy=True)


class Employee(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    department_id = db.Column(db.Integer, db.ForeignKey("department.id"))
    projects = db.relationship("Project", backref=db.backref("lead", lazy="joined"), lazy="dynamic")


class Project(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    lead_id = db.Column(db.Integer, db.ForeignKey("employee.id"))
