import sqlalchemy as sa
from sqlalchemy import func, text


class Setting(db.Model):
    id = db.Column(db.Integer, primary_key=True)
    name = db.Column(db.String(50), nullable=False, server_default="unnamed")
    quote = db.Column(db.String(50), server_default="it's")
    count = db.Column(db.Integer, nullable=False, server_default=text("0"))
    count_str = db.Column(db.Integer, server_default="0")
    created_at = db.Column(db.DateTime, server_default=func.now())
    created_ts = db.Column(db.DateTime, server_default=text("CURRENT_TIMESTAMP"))
    created_day = db.Column(db.Date, server_default=func.current_date())
    enabled = db.Column(db.Boolean, server_default=sa.false(), nullable=False)
    visible = db.Column(db.Boolean, server_default=sa.true())
    ratio = db.Column(db.Float, server_default=text("1.5 * 2"))
    local_ts = db.Column(db.DateTime, server_default=text("(datetime('now', 'localtime'))"))
    upper_code = db.Column(db.String(10), server_default=text("(upper('ab'))"))
    updated_at = db.Column(db.DateTime, server_default=func.now(), server_onupdate=func.now())
