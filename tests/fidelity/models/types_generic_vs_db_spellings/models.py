import sqlalchemy
import sqlalchemy as sa
import sqlalchemy.types
from sqlalchemy import Column, Integer, String, types


class Mixed(db.Model):
    id = Column(Integer, primary_key=True)
    a = db.Column(db.String(10))
    b = sa.Column(sa.String(10))
    c = Column(types.String(10))
    d = Column(sqlalchemy.types.Text)
    e = db.Column(sqlalchemy.Integer)
    f = sa.Column(sa.types.Boolean)
    g = db.Column(sa.DateTime)
    h = Column(sqlalchemy.types.Numeric(6, 2))
    i = Column(String)
