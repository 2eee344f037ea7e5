"""plain column ops

Revision ID: bb02
Revises: aa01
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'bb02'
down_revision = 'aa01'
branch_labels = None
depends_on = None


def upgrade():
    op.add_column('posts', sa.Column('views', sa.Integer(), nullable=True))
    op.drop_column('posts', 'draft')
    op.alter_column('posts', 'title', new_column_name='headline')
    op.create_index('ix_posts_views', 'posts', ['views'], unique=False)


def downgrade():
    op.drop_index('ix_posts_views', table_name='posts')
    op.alter_column('posts', 'headline', new_column_name='title')
    op.add_column('posts', sa.Column('draft', sa.TEXT(), nullable=True))
    op.drop_column('posts', 'views')
