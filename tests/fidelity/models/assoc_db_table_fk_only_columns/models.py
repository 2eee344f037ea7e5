enrollments = db.Table(
    "enrollments",
    db.Column("student_id", db.ForeignKey("student.id", ondelete="CASCADE"), primary_key=True),
    db.Column("course_id", db.ForeignKey("course.id", ondelete="CASCADE"), primary_key=True),
    db.Column("enrolled_at", db.DateTime, server_default=db.func.now()),
)

likes = db.Table(
    "likes",
    db.Column("student_id", db.Integer, db.ForeignKey("student.id")),
    db.Column("course_id", db.Integer, db.ForeignKey("course.id")),
    db.UniqueConstraint("student_id", "course_id"),
)


class Student(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    courses = db.relationship("Course", secondary=enrollments, backref=db.backref("students", lazy="dynamic"))
    liked = db.relationship("Course", secondary=likes)


class Course(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    title = db.Column(db.String(80))
