from sqlalchemy import String
from sqlalchemy.orm import mapped_column


class User(db.Model):
    id: int = mapped_column(primary_key=True)
    name: str = mapped_column(String(50))
