for i in range(50):
    db.session.add(User(name=f"user{i}", profile=Profile(bio=f"bio {i}")))
db.session.commit()
db.session.expunge_all()

for user in User.query.order_by(User.id).all():
    print(user.name, user.profile.bio)
