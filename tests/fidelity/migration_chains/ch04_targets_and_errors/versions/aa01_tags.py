"""create tags

Revision ID: aa01
Revises: 
Create Date: 2026-01-01 00:00:00

"""
from alembic import op
import sqlalchemy as sa


# revision identifiers, used by Alembic.
revision = 'aa01'
down_revision = None
branch_labels = None
depends_on = None


def upgrade():
    op.create_table('tags',
    sa.Column('id', sa.Integer(), nullable=False),
    sa.Column('post_id', sa.Integer(), nullable=True),
    sa.Column('label', sa.String(length=30), server_default='new', nullable=False),
    sa.ForeignKeyConstraint(['post_id'], ['posts.id'], ondelete='CASCADE'),
    sa.PrimaryKeyConstraint('id'),
    sa.UniqueConstraint('label', name='uq_tags_label')
    )
    op.execute("INSERT INTO tags (post_id, label) SELECT id, title FROM posts")


def downgrade():
    op.drop_table('tags')
