"""outbox by business date: the Z report's first / last event of a day

Revision ID: 0005
Revises: 0004
Create Date: 2026-11-23 12:30:00

The day close records which outbox events its totals cover (min / max seq of the business
date). The outbox is append-only and never pruned, so without this index that lookup scans
every event the till ever wrote, and the Z report slows down with the till's age (DESIGN §11:
< 100 ms). (business_date, seq) answers min and max with two index probes.
"""
from alembic import op


revision = '0005'
down_revision = '0004'
branch_labels = None
depends_on = None


def upgrade() -> None:
    op.create_index('ix_outbox_business_date_seq', 'outbox', ['business_date', 'seq'],
                    unique=False)


def downgrade() -> None:
    op.drop_index('ix_outbox_business_date_seq', table_name='outbox')
