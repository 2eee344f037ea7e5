class Parent(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(30), nullable=False)
    children = db.relationship("Child", back_populates="parent", cascade="all, delete-orphan", passive_deletes=True)

    def __repr__(self):
        return f"<Parent {self.name}>"


class Child(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(30), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("parent.id", ondelete="CASCADE"))
    parent = db.relationship("Parent", back_populates="children")

    def __repr__(self):
        return f"<Child {self.name}>"
