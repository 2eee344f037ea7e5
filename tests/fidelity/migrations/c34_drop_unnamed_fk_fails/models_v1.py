class Team(db.Model):
    __tablename__ = "teams"
    id = db.Column(db.Integer, primary_key=True)


class Player(db.Model):
    __tablename__ = "players"
    id = db.Column(db.Integer, primary_key=True)
    team_id = db.Column(db.Integer, db.ForeignKey("teams.id"))
