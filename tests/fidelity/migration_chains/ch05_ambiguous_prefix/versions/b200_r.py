"""step b200

Revision ID: b200
Revises: 
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b200'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('t_b200',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade():
    op.drop_table('t_b200')
