class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    username = db.Column(db.String(64), unique=True, nullable=False)
    email = db.Column(db.String(120), index=True, unique=True)
    display_name = db.Column(db.String(64), index=True)
    phone = db.Column(db.String(20), nullable=True)
    bio = db.Column(db.Text, nullable=False)
    code = db.Column(db.String(8), unique=True, index=False)
