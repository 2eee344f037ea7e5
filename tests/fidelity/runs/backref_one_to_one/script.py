u = User(name="ann")
v = User(name="bob")
pr = Profile(bio="hi")
u.profile = pr
print(pr.user)
pr.user = v
print(u.profile, v.profile)
pr2 = Profile(bio="yo")
v.profile = pr2
print(pr.user, pr2.user)
pr2.user = None
print(v.profile)
db.session.add_all([u, v, pr, pr2])
db.session.commit()
u = db.session.get(User, 1)
print(u.profile)
p3 = Profile(bio="new")
u.profile = p3
print(p3.user)
v = db.session.get(User, 2)
pr = db.session.get(Profile, 1)
print(pr.user)
pr.user = v
print(v.profile)
db.session.commit()
