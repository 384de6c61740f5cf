"""selling in depth: sale pricing columns, promotions, suspended sales, voids, refunds, shifts,
cash movements, day closes

Revision ID: 0003
Revises: 0002
Create Date: 2026-11-23 11:30:00

Existing sales keep their meaning: a sale written before this revision paid its line amounts
(no discounts, no rounding), so original = total and each line's final = its amount.
"""
from alembic import op
import sqlalchemy as sa


revision = '0003'
down_revision = '0002'
branch_labels = None
depends_on = None


def upgrade() -> None:
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.add_column(sa.Column('shift_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('original_fen', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
        batch_op.add_column(sa.Column('discount_fen', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
        batch_op.add_column(sa.Column('rounding_fen', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
        batch_op.add_column(sa.Column('member_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('member_level', sa.String(length=32), nullable=True))
        batch_op.create_index(batch_op.f('ix_sale_shift_id'), ['shift_id'], unique=False)
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        batch_op.add_column(sa.Column('category_id', sa.String(length=36), nullable=True))
        batch_op.add_column(sa.Column('weight_g', sa.Integer(), nullable=True))
        batch_op.add_column(sa.Column('regular_price_fen', sa.Integer(),
                                      server_default=sa.text('0'), nullable=False))
        batch_op.add_column(sa.Column('final_fen', sa.Integer(), server_default=sa.text('0'),
                                      nullable=False))
        batch_op.add_column(sa.Column('discounts', sa.Text(), server_default=sa.text("'[]'"),
                                      nullable=False))
    with op.batch_alter_table('sale_tender', schema=None) as batch_op:
        batch_op.add_column(sa.Column('provider', sa.String(length=16), nullable=True))
        batch_op.add_column(sa.Column('status', sa.String(length=16),
                                      server_default=sa.text("'confirmed'"), nullable=False))
    op.execute("UPDATE sale SET original_fen = total_fen")
    op.execute("UPDATE sale_line SET final_fen = amount_fen, regular_price_fen = unit_price_fen")

    op.create_table('promotion',
        sa.Column('id', sa.String(length=64), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_table('member_level',
        sa.Column('code', sa.String(length=32), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('code'))
    op.create_table('suspended_sale',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('staff_no', sa.String(length=16), nullable=False),
        sa.Column('item_count', sa.Integer(), nullable=False),
        sa.Column('total_fen', sa.Integer(), nullable=False),
        sa.Column('data', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_table('void',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('business_date', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('shift_id', sa.String(length=36), nullable=True),
        sa.Column('staff_no', sa.String(length=16), nullable=False),
        sa.Column('approved_by', sa.String(length=16), nullable=True),
        sa.Column('sale_id', sa.String(length=36), nullable=True),
        sa.Column('lines', sa.Integer(), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_void_business_date'), 'void', ['business_date'], unique=False)
    op.create_table('refund',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('refund_no', sa.String(length=48), nullable=False),
        sa.Column('business_date', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('shift_id', sa.String(length=36), nullable=True),
        sa.Column('original_sale_id', sa.String(length=36), nullable=True),
        sa.Column('original_receipt_no', sa.String(length=48), nullable=True),
        sa.Column('staff_id', sa.String(length=36), nullable=False),
        sa.Column('staff_no', sa.String(length=16), nullable=False),
        sa.Column('approved_by', sa.String(length=16), nullable=True),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('total_fen', sa.Integer(), nullable=False),
        sa.PrimaryKeyConstraint('id'),
        sa.UniqueConstraint('refund_no'))
    op.create_index(op.f('ix_refund_business_date'), 'refund', ['business_date'], unique=False)
    op.create_index(op.f('ix_refund_original_sale_id'), 'refund', ['original_sale_id'],
                    unique=False)
    op.create_table('refund_line',
        sa.Column('refund_id', sa.String(length=36), nullable=False),
        sa.Column('line_no', sa.Integer(), nullable=False),
        sa.Column('original_sale_id', sa.String(length=36), nullable=True),
        sa.Column('original_line_no', sa.Integer(), nullable=True),
        sa.Column('product_id', sa.String(length=36), nullable=False),
        sa.Column('sku', sa.String(length=32), nullable=False),
        sa.Column('name', sa.String(length=128), nullable=False),
        sa.Column('category_id', sa.String(length=36), nullable=True),
        sa.Column('qty', sa.Integer(), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.ForeignKeyConstraint(['refund_id'], ['refund.id']),
        sa.PrimaryKeyConstraint('refund_id', 'line_no'))
    op.create_index('ix_refund_line_original', 'refund_line',
                    ['original_sale_id', 'original_line_no'], unique=False)
    op.create_table('refund_tender',
        sa.Column('refund_id', sa.String(length=36), nullable=False),
        sa.Column('tender_no', sa.Integer(), nullable=False),
        sa.Column('kind', sa.String(length=16), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('reference', sa.String(length=64), nullable=True),
        sa.Column('provider', sa.String(length=16), nullable=True),
        sa.Column('status', sa.String(length=16), nullable=False),
        sa.ForeignKeyConstraint(['refund_id'], ['refund.id']),
        sa.PrimaryKeyConstraint('refund_id', 'tender_no'))
    op.create_table('shift',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('opened_at', sa.String(length=40), nullable=False),
        sa.Column('opened_by', sa.String(length=16), nullable=False),
        sa.Column('business_date', sa.String(length=10), nullable=False),
        sa.Column('float_fen', sa.Integer(), nullable=False),
        sa.Column('closed_at', sa.String(length=40), nullable=True),
        sa.Column('closed_by', sa.String(length=16), nullable=True),
        sa.Column('counted_cash_fen', sa.Integer(), nullable=True),
        sa.Column('summary', sa.Text(), nullable=True),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_shift_closed_at'), 'shift', ['closed_at'], unique=False)
    op.create_table('cash_movement',
        sa.Column('id', sa.String(length=36), nullable=False),
        sa.Column('shift_id', sa.String(length=36), nullable=False),
        sa.Column('business_date', sa.String(length=10), nullable=False),
        sa.Column('created_at', sa.String(length=40), nullable=False),
        sa.Column('kind', sa.String(length=8), nullable=False),
        sa.Column('amount_fen', sa.Integer(), nullable=False),
        sa.Column('reason', sa.String(length=200), nullable=False),
        sa.Column('staff_no', sa.String(length=16), nullable=False),
        sa.Column('approved_by', sa.String(length=16), nullable=True),
        sa.ForeignKeyConstraint(['shift_id'], ['shift.id']),
        sa.PrimaryKeyConstraint('id'))
    op.create_index(op.f('ix_cash_movement_business_date'), 'cash_movement', ['business_date'],
                    unique=False)
    op.create_index(op.f('ix_cash_movement_shift_id'), 'cash_movement', ['shift_id'],
                    unique=False)
    op.create_table('day_close',
        sa.Column('business_date', sa.String(length=10), nullable=False),
        sa.Column('closed_at', sa.String(length=40), nullable=False),
        sa.Column('closed_by', sa.String(length=16), nullable=False),
        sa.Column('totals', sa.Text(), nullable=False),
        sa.PrimaryKeyConstraint('business_date'))


def downgrade() -> None:
    for name in ('day_close', 'cash_movement', 'shift', 'refund_tender', 'refund_line',
                 'refund', 'void', 'suspended_sale', 'member_level', 'promotion'):
        op.drop_table(name)
    with op.batch_alter_table('sale_tender', schema=None) as batch_op:
        batch_op.drop_column('status')
        batch_op.drop_column('provider')
    with op.batch_alter_table('sale_line', schema=None) as batch_op:
        for name in ('discounts', 'final_fen', 'regular_price_fen', 'weight_g', 'category_id'):
            batch_op.drop_column(name)
    with op.batch_alter_table('sale', schema=None) as batch_op:
        batch_op.drop_index(batch_op.f('ix_sale_shift_id'))
        for name in ('member_level', 'member_id', 'rounding_fen', 'discount_fen',
                     'original_fen', 'shift_id'):
            batch_op.drop_column(name)
