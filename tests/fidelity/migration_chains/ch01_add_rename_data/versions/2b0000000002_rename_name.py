"""rename name to full_name

Revision ID: 2b0000000002
Revises: 1a0000000001
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = '2b0000000002'
down_revision = '1a0000000001'
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('name', new_column_name='full_name', existing_type=sa.VARCHAR(length=80), existing_nullable=False)


def downgrade():
    with op.batch_alter_table('users', schema=None) as batch_op:
        batch_op.alter_column('full_name', new_column_name='name', existing_type=sa.VARCHAR(length=80), existing_nullable=False)
