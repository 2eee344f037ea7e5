"""fill bio

Revision ID: 3c0000000003
Revises: 2b0000000002
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '3c0000000003'
down_revision = '2b0000000002'
branch_labels = None
depends_on = None


def upgrade():
    op.execute("UPDATE users SET bio = 'hello ' || full_name")
    op.create_index(op.f('ix_users_full_name'), 'users', ['full_name'], unique=False)


def downgrade():
    op.drop_index(op.f('ix_users_full_name'), table_name='users')
    op.execute("UPDATE users SET bio = NULL")
