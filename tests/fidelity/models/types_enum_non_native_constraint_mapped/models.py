import enum

from sqlalchemy import Enum
from sqlalchemy.orm import Mapped, mapped_column


class Size(enum.Enum):
    S = "small"
    M = "medium"
    XL = "extra large"


class Shirt(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    size: Mapped[Size] = mapped_column(Enum(Size, native_enum=False))
    size_checked: Mapped[Size] = mapped_column(Enum(Size, create_constraint=True, name="ck_shirt_size"))
    fit: Mapped[str] = mapped_column(Enum("slim", "regular", name="shirt_fit", create_constraint=True))
