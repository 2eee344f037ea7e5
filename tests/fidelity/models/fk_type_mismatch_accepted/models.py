class Tenant(db.Model):
    slug = db.Column(db.String(20), primary_key=True)


class Site(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    tenant_slug = db.Column(db.Integer, db.ForeignKey("tenant.slug"))
