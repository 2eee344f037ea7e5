class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(50), unique=True)
    profile = db.relationship("Profile", back_populates="user", uselist=False, cascade="all, delete-orphan")
    settings = db.relationship("Settings", backref=db.backref("user", uselist=False), uselist=False)


class Profile(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), unique=True, nullable=False)
    bio = db.Column(db.Text)
    user = db.relationship("User", back_populates="profile")


class Settings(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"), unique=True)
    theme = db.Column(db.String(10), default="light")
