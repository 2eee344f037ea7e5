class Note(db.Model):
    title = db.Column(db.String(50))
    body = db.Column(db.Text)
