class Student(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    clubs = db.relationship("Club", secondary="memberships", back_populates="members", lazy="selectin")


class Club(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50))
    members = db.relationship("Student", secondary="memberships", back_populates="clubs")


memberships = db.Table(
    "memberships",
    db.Column("student_id", db.Integer, db.ForeignKey("student.id"), primary_key=True),
    db.Column("club_id", db.Integer, db.ForeignKey("club.id"), primary_key=True),
)
