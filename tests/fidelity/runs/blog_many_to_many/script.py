math, art, music = Course(title="math"), Course(title="art"), Course(title="music")
ann = Student(name="ann", courses=[math, art])
ben = Student(name="ben", courses=[art])
db.session.add_all([ann, ben, music])
db.session.commit()

print(sorted(c.title for c in ann.courses))
print(sorted(s.name for s in art.students))

ben.courses.append(music)
ann.courses.remove(art)
db.session.commit()
print(db.session.execute(select(enrollment.c.student_id, enrollment.c.course_id).order_by(enrollment.c.student_id, enrollment.c.course_id)).all())

db.session.delete(music)
db.session.commit()
print(ben.courses)
