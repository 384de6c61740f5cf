"""The till's SQLite schema (SQLAlchemy 2 typed declarative). Alembic migrations mirror it."""

from __future__ import annotations

from sqlalchemy import ForeignKey, Index, Integer, String, Text, text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column


class Base(DeclarativeBase):
    pass


class SettingRow(Base):
    """Small key/value facts: terminal identity, sync cursors, last HLC, language."""

    __tablename__ = "setting"
    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)  # JSON


class StaffRow(Base):
    __tablename__ = "staff"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    staff_no: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(64))
    role: Mapped[str] = mapped_column(String(16))
    pin_hash: Mapped[str] = mapped_column(String(255))
    active: Mapped[bool] = mapped_column(default=True)


class LoginAttemptRow(Base):
    __tablename__ = "login_attempt"
    staff_no: Mapped[str] = mapped_column(String(32), primary_key=True)
    failed: Mapped[int] = mapped_column(Integer, default=0)
    locked_until: Mapped[str | None] = mapped_column(String(40))  # ISO-8601 UTC


class CategoryRow(Base):
    __tablename__ = "category"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    code: Mapped[str] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(64))


class ProductRow(Base):
    __tablename__ = "product"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(128))
    pinyin: Mapped[str] = mapped_column(String(128))
    # No foreign key: HQ changes arrive in cursor order, not dependency order.
    category_id: Mapped[str | None] = mapped_column(String(36))
    price_fen: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(8), default="件")
    active: Mapped[bool] = mapped_column(default=True)
    # Scale / item number, stored without leading zeros (domain.scale_barcode.normalize_plu).
    plu: Mapped[str | None] = mapped_column(String(16), unique=True, index=True)
    is_service: Mapped[bool] = mapped_column(default=False, server_default=text("0"))
    # Name / pinyin search structures (FTS5 trigram table, bigram table, triggers) live beside
    # this table, outside the metadata: see migration 0002 and adapters/catalog_search.py.


# Prefix search by pinyin initials / name: covering indexes, so ranking thousands of matches
# ("kk" → every 可口可乐) by name length reads the index alone (adapters/catalog_search.py).
Index("ix_product_pinyin_search", ProductRow.pinyin, ProductRow.name, ProductRow.active)
Index("ix_product_name_search", ProductRow.name, ProductRow.active)


class BarcodeRow(Base):
    __tablename__ = "barcode"
    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[str] = mapped_column(
        ForeignKey("product.id", ondelete="CASCADE"), index=True
    )


class SaleRow(Base):
    __tablename__ = "sale"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(48), unique=True)
    business_date: Mapped[str] = mapped_column(String(10), index=True)
    created_at: Mapped[str] = mapped_column(String(40))
    staff_id: Mapped[str] = mapped_column(String(36))
    staff_no: Mapped[str] = mapped_column(String(16))
    total_fen: Mapped[int] = mapped_column(Integer)  # paid, after discounts and rounding
    item_count: Mapped[int] = mapped_column(Integer)
    shift_id: Mapped[str | None] = mapped_column(String(36), index=True)
    original_fen: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    discount_fen: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    rounding_fen: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    member_id: Mapped[str | None] = mapped_column(String(36))
    member_level: Mapped[str | None] = mapped_column(String(32))


class SaleLineRow(Base):
    __tablename__ = "sale_line"
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[str] = mapped_column(String(36))
    sku: Mapped[str] = mapped_column(String(32))
    barcode: Mapped[str | None] = mapped_column(String(32))
    name: Mapped[str] = mapped_column(String(128))
    qty: Mapped[int] = mapped_column(Integer)
    unit_price_fen: Mapped[int] = mapped_column(Integer)
    amount_fen: Mapped[int] = mapped_column(Integer)  # before discounts
    category_id: Mapped[str | None] = mapped_column(String(36))
    weight_g: Mapped[int | None] = mapped_column(Integer)
    regular_price_fen: Mapped[int] = mapped_column(Integer, server_default=text("0"))
    final_fen: Mapped[int] = mapped_column(Integer, server_default=text("0"))  # paid
    discounts: Mapped[str] = mapped_column(Text, server_default=text("'[]'"))  # JSON


class SaleTenderRow(Base):
    __tablename__ = "sale_tender"
    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), primary_key=True)
    tender_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    kind: Mapped[str] = mapped_column(String(16))
    amount_fen: Mapped[int] = mapped_column(Integer)
    tendered_fen: Mapped[int] = mapped_column(Integer)
    change_fen: Mapped[int] = mapped_column(Integer)
    reference: Mapped[str | None] = mapped_column(String(64))
    provider: Mapped[str | None] = mapped_column(String(16))
    status: Mapped[str] = mapped_column(String(16), server_default=text("'confirmed'"))


class ReceiptCounterRow(Base):
    __tablename__ = "receipt_counter"
    business_date: Mapped[str] = mapped_column(String(10), primary_key=True)
    last_no: Mapped[int] = mapped_column(Integer)


class OutboxRow(Base):
    """The event journal (DESIGN §6): append-only, gapless seq, hash-chained."""

    __tablename__ = "outbox"
    seq: Mapped[int] = mapped_column(Integer, primary_key=True, autoincrement=False)
    event_id: Mapped[str] = mapped_column(String(36), unique=True)
    terminal_id: Mapped[str] = mapped_column(String(36))
    type: Mapped[str] = mapped_column(String(48))
    v: Mapped[int] = mapped_column(Integer)
    occurred_at: Mapped[str] = mapped_column(String(40))
    hlc: Mapped[str] = mapped_column(String(64))
    business_date: Mapped[str] = mapped_column(String(10))
    store_id: Mapped[str] = mapped_column(String(36))
    actor_id: Mapped[str | None] = mapped_column(String(36))
    payload: Mapped[str] = mapped_column(Text)  # canonical JSON
    prev_hash: Mapped[str] = mapped_column(String(64))
    hash: Mapped[str] = mapped_column(String(64))


class PrintJobRow(Base):
    """A receipt to print. Written with the sale, so a printer problem never loses it."""

    __tablename__ = "print_job"
    id: Mapped[str] = mapped_column(String(36), primary_key=True)
    receipt_no: Mapped[str] = mapped_column(String(48), index=True)
    document: Mapped[str] = mapped_column(Text)  # JSON of devices.ReceiptDocument
    status: Mapped[str] = mapped_column(String(16))  # pending | printing | printed | failed
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[str] = mapped_column(String(40))
    printed_at: Mapped[str | None] = mapped_column(String(40))
    last_error: Mapped[str | None] = mapped_column(Text)
    # When a printer run took the job (status "printing"); a claim older than the print
    # timeout is stale (that process died) and the job is printed again.
    claimed_at: Mapped[str | None] = mapped_column(String(40))


Index("ix_print_job_status", PrintJobRow.status)
# The Z report's first / last event of a business day (migration 0005).
Index("ix_outbox_business_date_seq", OutboxRow.business_date, OutboxRow.seq)


# Selling-in-depth and member tables live in their own modules; importing them registers them
# on Base.
from pos_app.adapters import orm_members, orm_selling  # noqa: E402,F401
