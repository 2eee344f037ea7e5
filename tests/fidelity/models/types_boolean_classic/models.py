class Feature(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    enabled = db.Column(db.Boolean, default=False, nullable=False)
    beta = db.Column(db.Boolean())
    checked = db.Column(db.Boolean(create_constraint=True))
    named_check = db.Column(db.Boolean(create_constraint=True, name="ck_feature_named_check_bool"))
    archived = db.Column(db.Boolean, server_default=db.false(), nullable=False)
