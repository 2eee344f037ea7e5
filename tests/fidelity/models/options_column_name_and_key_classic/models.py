class Member(db.Model):
    __tablename__ = "members"

    id = db.Column("member_id", db.Integer, primary_key=True)
    name = db.Column("user_name", db.String(50), nullable=False)
    email = db.Column("email_address", db.String(120), unique=True)
    nick = db.Column(db.String(30), key="nickname")
    created = db.Column("created_at", db.DateTime)
