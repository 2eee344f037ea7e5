class Enrollment(db.Model):
    student_id = db.Column(db.Integer, primary_key=True)
    course_id = db.Column(db.Integer, primary_key=True)
    grade = db.Column(db.String(2))


class Translation(db.Model):
    __tablename__ = "translations"

    key = db.Column(db.String(100), primary_key=True)
    locale = db.Column(db.String(5), primary_key=True)
    text = db.Column(db.Text, nullable=False)


class Slot(db.Model):
    day = db.Column(db.Date, nullable=False)
    room = db.Column(db.String(10), nullable=False)
    label = db.Column(db.String(50))

    __table_args__ = (db.PrimaryKeyConstraint("day", "room", name="pk_slot"),)
