class Note(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    text = db.Column(db.String(100), nullable=False)
    pinned = db.Column(db.Boolean, default=False)

    def __repr__(self):
        return f"<Note {self.id} {self.text}>"
