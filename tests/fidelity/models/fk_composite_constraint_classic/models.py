class Warehouse(db.Model):
    region = db.Column(db.String(10), primary_key=True)
    code = db.Column(db.String(10), primary_key=True)
    city = db.Column(db.String(50))


class Stock(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    warehouse_region = db.Column(db.String(10), nullable=False)
    warehouse_code = db.Column(db.String(10), nullable=False)
    quantity = db.Column(db.Integer, default=0)

    __table_args__ = (
        db.ForeignKeyConstraint(
            ["warehouse_region", "warehouse_code"],
            ["warehouse.region", "warehouse.code"],
            ondelete="CASCADE",
        ),
    )


class Transfer(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    src_region = db.Column(db.String(10))
    src_code = db.Column(db.String(10))

    __table_args__ = (
        db.ForeignKeyConstraint(
            ("src_region", "src_code"), ("warehouse.region", "warehouse.code"), name="fk_transfer_src"
        ),
    )
