from sqlalchemy.orm import Mapped, mapped_column


class UserProfile(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class APIKey(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class HTMLPage2PDF(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class Product_Review(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class MyURLList(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)


class Version10Release(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
