class Node(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False)
    parent_id = db.Column(db.Integer, db.ForeignKey("node.id"))
    children = db.relationship("Node", backref=db.backref("parent", remote_side=[id]), lazy="joined", order_by="Node.id")
