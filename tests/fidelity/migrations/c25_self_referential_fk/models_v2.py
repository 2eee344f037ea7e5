class Category(db.Model):
    __tablename__ = "categories"
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("categories.id", name="fk_categories_parent"))
    children = db.relationship("Category", backref=db.backref("parent", remote_side=[id]))
