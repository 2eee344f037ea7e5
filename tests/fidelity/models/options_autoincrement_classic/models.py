class Plain(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class ExplicitTrue(db.Model):
    id = db.Column(db.Integer, primary_key=True, autoincrement=True)


class ExplicitFalse(db.Model):
    id = db.Column(db.Integer, primary_key=True, autoincrement=False)


class AutoIncrementing(db.Model):
    __table_args__ = {"sqlite_autoincrement": True}

    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(20))


class BigPk(db.Model):
    id = db.Column(db.BigInteger, primary_key=True)
