"""members: who a swiped / tapped card belongs to, for identifying members offline

Revision ID: 0006
Revises: 0005
Create Date: 2026-11-23 14:00:00

Head office publishes members in the changes feed (entity `member`); the till keeps a copy so a
card identifies its member with the network down. Card numbers are unique (NULL: no card).
"""
from alembic import op
import sqlalchemy as sa


revision = '0006'
down_revision = '0005'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_table('member',
        sa.Column('member_id', sa.String(length=36), nullable=False),
        sa.Column('member_no', sa.String(length=32), nullable=False),
        sa.Column('card_no', sa.String(length=32), nullable=True),
        sa.Column('name', sa.String(length=64), nullable=False),
        sa.Column('phone', sa.String(length=20), nullable=False),
        sa.Column('level_code', sa.String(length=64), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.PrimaryKeyConstraint('member_id'))
    op.create_index('ix_member_card_no', 'member', ['card_no'], unique=True)
    op.create_index('ix_member_member_no', 'member', ['member_no'], unique=True)
    op.create_index('ix_member_phone', 'member', ['phone'], unique=False)


def downgrade() -> None:
    op.drop_index('ix_member_phone', table_name='member')
    op.drop_index('ix_member_member_no', table_name='member')
    op.drop_index('ix_member_card_no', table_name='member')
    op.drop_table('member')
