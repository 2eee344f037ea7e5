for i in range(3):
    db.session.add(Node(name=f"root{i}", children=[Node(name=f"leaf{i}.{j}") for j in range(2)]))
db.session.commit()
db.session.expunge_all()

for node in Node.query.filter(Node.parent_id.is_(None)).order_by(Node.id).all():
    print(node.name, [c.name for c in node.children])
