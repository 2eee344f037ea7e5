import uuid


class ApiKey(db.Model):
    id = db.Column(db.Uuid, primary_key=True, default=uuid.uuid4)
    public_id = db.Column(db.Uuid(as_uuid=False), unique=True)
    native = db.Column(db.UUID)
    label = db.Column(db.String(40))
