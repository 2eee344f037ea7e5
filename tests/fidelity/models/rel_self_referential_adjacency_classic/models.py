class Category(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("category.id"))
    children = db.relationship("Category", backref=db.backref("parent", remote_side=[id]))


class Employee(db.Model):
    __tablename__ = "employees"

    id = db.Column(db.Integer, primary_key=True)
    manager_id = db.Column(db.Integer, db.ForeignKey("employees.id", ondelete="SET NULL"))
    manager = db.relationship("Employee", remote_side="Employee.id", back_populates="reports")
    reports = db.relationship("Employee", back_populates="manager")
