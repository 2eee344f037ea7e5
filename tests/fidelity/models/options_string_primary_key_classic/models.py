class Country(db.Model):
    code = db.Column(db.String(2), primary_key=True)
    name = db.Column(db.String(80), nullable=False)


class City(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    country_code = db.Column(db.String(2), db.ForeignKey("country.code"), nullable=False)
    name = db.Column(db.String(80))
