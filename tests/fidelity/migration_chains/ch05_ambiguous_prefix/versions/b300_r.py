"""step b300

Revision ID: b300
Revises: 
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'b300'
down_revision = 'b200'
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('t_b300',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.PrimaryKeyConstraint('id')
    )


def downgrade():
    op.drop_table('t_b300')
