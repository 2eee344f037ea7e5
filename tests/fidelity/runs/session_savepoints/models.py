class Account(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner = db.Column(db.String(40), unique=True, nullable=False)
    balance = db.Column(db.Integer, nullable=False, default=0)

    def __repr__(self):
        return f"<Account {self.owner} {self.balance}>"
