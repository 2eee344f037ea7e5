from typing import Optional

import sqlalchemy as sa
from sqlalchemy import Boolean
from sqlalchemy.orm import Mapped, mapped_column


class Feature(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    enabled: Mapped[bool] = mapped_column(default=False)
    beta: Mapped[Optional[bool]]
    checked: Mapped[bool] = mapped_column(Boolean(create_constraint=True))
    archived: Mapped[bool] = mapped_column(server_default=sa.false())
    visible: Mapped[bool] = mapped_column(server_default=sa.true())
