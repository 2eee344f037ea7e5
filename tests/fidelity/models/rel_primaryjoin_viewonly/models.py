class User(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    addresses = db.relationship("Address", back_populates="user")
    boston_addresses = db.relationship(
        "Address",
        primaryjoin="and_(User.id == Address.user_id, Address.city == 'Boston')",
        viewonly=True,
    )


class Address(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, db.ForeignKey("user.id"))
    city = db.Column(db.String(50))
    user = db.relationship("User", back_populates="addresses")
