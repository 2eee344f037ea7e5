class Vote(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    user_id = db.Column(db.Integer, nullable=False)
    poll_id = db.Column(db.Integer, nullable=False)

    __table_args__ = (db.UniqueConstraint("user_id", "poll_id", name="one_vote_per_poll"),)
