"""print queue claims: each receipt printed once, in order, by one process at a time

Revision ID: 0007
Revises: 0006
Create Date: 2026-11-23 14:20:00

The window and `pos-till` commands share one till database and one printer. A process claims
the oldest unprinted job (status "printing", claimed_at) in a write transaction before sending
it, so no receipt prints twice; a claim left by a process that died goes stale after a timeout
and the job is printed again.
"""
from alembic import op
import sqlalchemy as sa


revision = '0007'
down_revision = '0006'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('print_job') as batch_op:
        batch_op.add_column(sa.Column('claimed_at', sa.String(length=40), nullable=True))


def downgrade() -> None:
    with op.batch_alter_table('print_job') as batch_op:
        batch_op.drop_column('claimed_at')
