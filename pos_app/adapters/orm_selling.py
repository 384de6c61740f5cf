"""Tables for selling in depth (issue 3): promotions from HQ, suspended sales, voids, refunds,
shifts and cash movements, day closes. Registered on orm.Base (orm.py imports this module);
migration 0004 creates them. Money is integer fen; times are ISO-8601 UTC strings.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from pos_app.adapters.orm import Base


class PromotionRow(Base):
    """A promotion rule as HQ publishes it (parsed by domain.promotion_rules.parse_rule)."""

    __tablename__ = "promotion"
    id: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON


class MemberLevelRow(Base):
    __tablename__ = "member_level"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    data: Mapped[str] = mapped_column(Text)  # JSON


class SuspendedSaleRow(Base):
    """A sale put aside (挂单); it survives a restart and is taken back (取单) by any cashier."""

    __tablename__ = "suspended_sale"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    created_at: Mapped[str] = mapped_column(String(40))
    staff_no: Mapped[str] = mapped_column(String(16))
    item_count: Mapped[int] = mapped_column(Integer)
    total_fen: Mapped[int] = mapped_column(Integer)
    data: Mapped[str] = mapped_column(Text)  # JSON of domain.sale.Sale.to_dict()


class VoidRow(Base):
    """A voided line, or a whole sale voided before payment (for the audit and the Z report)."""

    __tablename__ = "void"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    kind: Mapped[str] = mapped_column(String(8))  # line | sale
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    shift_id: Mapped[str | None] = mapped_column(String(36))
    staff_no: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None] = mapped_column(String(16))
    sale_id: Mapped[str | None] = mapped_column(String(36))  # the sale a voided line was on
    lines: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)


class RefundRow(Base):
    __tablename__ = "refund"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    refund_no: Mapped[str] = mapped_column(String(48), unique=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    shift_id: Mapped[str | None] = mapped_column(String(36))
    original_sale_id: Mapped[str | None] = mapped_column(String(36), index=True)
    original_receipt_no: Mapped[str | None] = mapped_column(String(48))
    staff_id: Mapped[str] = mapped_column(String(36))
    staff_no: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None] = mapped_column(String(16))
    reason: Mapped[str] = mapped_column(String(200))
    total_fen: Mapped[int] = mapped_column(Integer)


class RefundLineRow(Base):
    __tablename__ = "refund_line"
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    original_sale_id: Mapped[str | None] = mapped_column(String(36))
    original_line_no: Mapped[int | None] = mapped_column(Integer)
    product_id: Mapped[str] = mapped_column(String(36))
    sku: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    category_id: Mapped[str | None] = mapped_column(String(36))
    qty: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)


Index("ix_refund_line_original", RefundLineRow.original_sale_id, RefundLineRow.original_line_no)


class RefundTenderRow(Base):
    __tablename__ = "refund_tender"
    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), primary_key=True)
    tender_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(64))
    provider: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16))


class ShiftRow(Base):
    """A drawer shift at this till: opened with a float, closed with a blind count."""

    __tablename__ = "shift"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    opened_at: Mapped[str] = mapped_column(String(40))
    opened_by: Mapped[str] = mapped_column(String(16))
    business_date: Mapped[str] = mapped_column(String(10))
    float_fen: Mapped[int] = mapped_column(Integer)
    closed_at: Mapped[str | None] = mapped_column(String(40), index=True)
    closed_by: Mapped[str | None] = mapped_column(String(16))
    counted_cash_fen: Mapped[int | None] = mapped_column(Integer)
    summary: Mapped[str | None] = mapped_column(Text)  # JSON: expected by tender, variance


class CashMovementRow(Base):
    __tablename__ = "cash_movement"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    shift_id: Mapped[str] = mapped_column(ForeignKey("shift.id"), index=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    kind: Mapped[str] = mapped_column(String(8))  # paid_in | paid_out
    amount_fen: Mapped[int] = mapped_column(Integer)
    reason: Mapped[str] = mapped_column(String(200))
    staff_no: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None] = mapped_column(String(16))


class DayCloseRow(Base):
    """A closed business day (Z report). Once here, the day takes no more facts."""

    __tablename__ = "day_close"
    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    closed_at: Mapped[str] = mapped_column(String(40))
    closed_by: Mapped[str] = mapped_column(String(16))
    totals: Mapped[str] = mapped_column(Text)  # JSON of sync.protocol.ZTotals
