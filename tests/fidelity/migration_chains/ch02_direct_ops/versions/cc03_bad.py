"""a failing data migration

Revision ID: cc03
Revises: bb02
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'cc03'
down_revision = 'bb02'
branch_labels = None
depends_on = None


def upgrade():
    op.execute(sa.text("UPDATE posts SET views = 0"))
    op.execute("UPDATE tags SET label = NULL")


def downgrade():
    pass
