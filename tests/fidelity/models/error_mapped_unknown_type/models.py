from sqlalchemy.orm import Mapped, mapped_column


class Money:
    def __init__(self, cents):
        self.cents = cents


class Invoice(db.Model):
    id: Mapped[int] = mapped_column(primary_key=True)
    total: Mapped[Money]
