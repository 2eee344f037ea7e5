class Owner(db.Model):
    id = db.Column(db.Integer, primary_key=True)


class Pet(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    owner_id = db.Column(db.Integer, db.ForeignKey("owner.id", ondelete="CASCADE"), nullable=False)
    vet_id = db.Column(db.Integer, db.ForeignKey("owner.id", ondelete="SET NULL"))
    sitter_id = db.Column(db.Integer, db.ForeignKey("owner.id", onupdate="CASCADE"))
    breeder_id = db.Column(db.Integer, db.ForeignKey("owner.id", ondelete="RESTRICT", onupdate="NO ACTION"))
    finder_id = db.Column(db.Integer, db.ForeignKey("owner.id", ondelete="SET DEFAULT"))
