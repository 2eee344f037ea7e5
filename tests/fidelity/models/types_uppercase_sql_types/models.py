from sqlalchemy import (
    BIGINT, BLOB, BOOLEAN, CHAR, CLOB, DATE, DATETIME, DECIMAL, FLOAT, INTEGER, NCHAR,
    NUMERIC, NVARCHAR, REAL, SMALLINT, TEXT, TIME, TIMESTAMP, VARBINARY, VARCHAR,
)


class Legacy(db.Model):
    id = db.Column(INTEGER, primary_key=True)
    a = db.Column(BIGINT)
    b = db.Column(SMALLINT)
    c = db.Column(VARCHAR(20))
    d = db.Column(NVARCHAR(20))
    e = db.Column(CHAR(2))
    f = db.Column(NCHAR(2))
    g = db.Column(TEXT)
    h = db.Column(CLOB)
    i = db.Column(FLOAT)
    j = db.Column(REAL)
    k = db.Column(NUMERIC(5, 1))
    l = db.Column(DECIMAL(7, 2))
    m = db.Column(BOOLEAN)
    n = db.Column(DATE)
    o = db.Column(TIME)
    p = db.Column(DATETIME)
    q = db.Column(TIMESTAMP)
    r = db.Column(BLOB)
    s = db.Column(VARBINARY(16))
