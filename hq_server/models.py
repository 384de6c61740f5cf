"""HQ tables (SQLAlchemy 2 typed declarative). Schema changes go through Alembic migrations.

Times are timezone-aware UTC datetimes in the database; the raw `occurred_at` of an event is
kept as the string the till sent (it is part of the hashed envelope).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any, ClassVar

from sqlalchemy import (
    JSON,
    BigInteger,
    Boolean,
    DateTime,
    ForeignKey,
    Index,
    Integer,
    MetaData,
    String,
    Text,
    TypeDecorator,
    UniqueConstraint,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship

from pos_app.domain.ids import new_id
from sync.protocol import GENESIS_HASH

NAMING = {
    "ix": "ix_%(column_0_label)s",
    "uq": "uq_%(table_name)s_%(column_0_name)s",
    "ck": "ck_%(table_name)s_%(constraint_name)s",
    "fk": "fk_%(table_name)s_%(column_0_name)s_%(referred_table_name)s",
    "pk": "pk_%(table_name)s",
}

# BIGINT autoincrement on PostgreSQL; SQLite only auto-increments a plain INTEGER primary key.
BigId = BigInteger().with_variant(Integer(), "sqlite")


def utcnow() -> datetime:
    return datetime.now(UTC)


class UtcDateTime(TypeDecorator):
    """Aware UTC datetimes on both backends (SQLite keeps no offset, so we store UTC and
    attach it again when reading)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value, dialect):
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError("naive datetime given to a UTC column")
        value = value.astimezone(UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value, dialect):
        if value is None:
            return None
        return value.replace(tzinfo=UTC) if value.tzinfo is None else value.astimezone(UTC)


class Base(DeclarativeBase):
    metadata = MetaData(naming_convention=NAMING)
    type_annotation_map: ClassVar[dict] = {datetime: UtcDateTime(), dict[str, Any]: JSON}


class Store(Base):
    __tablename__ = "store"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    timezone: Mapped[str] = mapped_column(String(64), default="Asia/Shanghai")
    receipt_header: Mapped[str] = mapped_column(Text, default="")
    receipt_footer: Mapped[str] = mapped_column(Text, default="")
    # sync.protocol.StorePolicy as a dict; NULL: the tills' defaults.
    policy: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)

    terminals: Mapped[list[Terminal]] = relationship(back_populates="store",
                                                     order_by="Terminal.name")


class Terminal(Base):
    __tablename__ = "terminal"
    __table_args__ = (UniqueConstraint("store_id", "name", name="uq_terminal_store_name"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    store_id: Mapped[str] = mapped_column(ForeignKey("store.id"), index=True)
    name: Mapped[str] = mapped_column(String(32))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # One-time enrolment code and device token: only their sha256 hashes are stored.
    enrol_code_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    enrol_expires_at: Mapped[datetime | None]
    enrolled_at: Mapped[datetime | None]
    token_hash: Mapped[str | None] = mapped_column(String(64), unique=True)
    revoked: Mapped[bool] = mapped_column(Boolean, default=False)
    # The event stream: highest contiguous seq stored and the hash it ends with.
    last_seq: Mapped[int] = mapped_column(BigInteger, default=0)
    last_hash: Mapped[str] = mapped_column(String(64), default=GENESIS_HASH)
    # What the till reported with its last push.
    last_seen_at: Mapped[datetime | None]
    outbox_depth: Mapped[int] = mapped_column(Integer, default=0)
    oldest_pending_at: Mapped[datetime | None]
    app_version: Mapped[str | None] = mapped_column(String(32))
    clock_skew_seconds: Mapped[int | None] = mapped_column(Integer)
    # Set when the chain broke or a seq came back with a different hash; the operator clears it.
    flagged: Mapped[bool] = mapped_column(Boolean, default=False)
    flag_reason: Mapped[str | None] = mapped_column(Text)

    store: Mapped[Store] = relationship(back_populates="terminals")


class Staff(Base):
    __tablename__ = "staff"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    # NULL: works in every store of the chain.
    store_id: Mapped[str | None] = mapped_column(ForeignKey("store.id"), index=True)
    staff_no: Mapped[str] = mapped_column(String(16), unique=True)
    name: Mapped[str] = mapped_column(String(50))
    role: Mapped[str] = mapped_column(String(16))  # cashier | manager
    pin_hash: Mapped[str] = mapped_column(String(200))  # argon2id, never a PIN
    active: Mapped[bool] = mapped_column(Boolean, default=True)


class Category(Base):
    __tablename__ = "category"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    code: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(50))


class Product(Base):
    __tablename__ = "product"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    sku: Mapped[str] = mapped_column(String(32), unique=True)
    name: Mapped[str] = mapped_column(String(100))
    category_id: Mapped[str | None] = mapped_column(ForeignKey("category.id"), index=True)
    price_fen: Mapped[int] = mapped_column(Integer)
    unit: Mapped[str] = mapped_column(String(8), default="件")
    active: Mapped[bool] = mapped_column(Boolean, default=True)

    barcodes: Mapped[list[Barcode]] = relationship(
        back_populates="product", cascade="all, delete-orphan", order_by="Barcode.code")


class Barcode(Base):
    __tablename__ = "barcode"

    code: Mapped[str] = mapped_column(String(32), primary_key=True)
    product_id: Mapped[str] = mapped_column(ForeignKey("product.id"), index=True)

    product: Mapped[Product] = relationship(back_populates="barcodes")


class Event(Base):
    """Every event a terminal pushed, raw, in its stream position. Never deleted."""

    __tablename__ = "event"
    __table_args__ = (
        UniqueConstraint("terminal_id", "seq", name="uq_event_terminal_seq"),
        Index("ix_event_store_date", "store_id", "business_date"),
    )

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # NULL only when a till reused an event_id (a conflict, see quarantine).
    event_id: Mapped[str | None] = mapped_column(String(36), unique=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    seq: Mapped[int] = mapped_column(BigInteger)
    type: Mapped[str] = mapped_column(String(64))
    v: Mapped[int] = mapped_column(Integer)
    hash: Mapped[str] = mapped_column(String(64))
    prev_hash: Mapped[str] = mapped_column(String(64))
    occurred_at: Mapped[str] = mapped_column(String(64))
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    business_date: Mapped[str] = mapped_column(String(32))
    store_id: Mapped[str] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16))  # applied | conflict | quarantined
    payload: Mapped[dict[str, Any]]
    raw: Mapped[dict[str, Any]]  # the whole envelope as received


class Sale(Base):
    """Projection of sale.completed events (v1 and v2). The whole sale stays in the event row
    (terminal_id, event_seq); the lines are projected into sale_line for returns."""

    __tablename__ = "sale"
    __table_args__ = (Index("ix_sale_terminal_date", "terminal_id", "business_date"),)

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the till's sale_id
    receipt_no: Mapped[str] = mapped_column(String(64), index=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("store.id"))
    business_date: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[str] = mapped_column(String(64))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    staff_no: Mapped[str] = mapped_column(String(16))
    member_id: Mapped[str | None] = mapped_column(String(36))
    event_seq: Mapped[int] = mapped_column(BigInteger)
    # v2 figures (v1 sales: original = total, no discount, no rounding).
    original_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    discount_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")
    rounding_fen: Mapped[int] = mapped_column(BigInteger, default=0, server_default="0")

    lines: Mapped[list[SaleLine]] = relationship(order_by="SaleLine.line_no",
                                                 cascade="all, delete-orphan")


class SaleLine(Base):
    """A line of a projected sale (v1 lines: final_fen = amount_fen, no category)."""

    __tablename__ = "sale_line"

    sale_id: Mapped[str] = mapped_column(ForeignKey("sale.id"), primary_key=True)
    line_no: Mapped[int] = mapped_column(Integer, primary_key=True)
    product_id: Mapped[str] = mapped_column(String(64))
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    category_id: Mapped[str | None] = mapped_column(String(64))
    qty: Mapped[int] = mapped_column(BigInteger)
    final_fen: Mapped[int] = mapped_column(BigInteger)


class Refund(Base):
    """Projection of refund.completed events. The original sale may be held by another
    terminal of the store, or not have arrived yet: it is matched by original_sale_id, else by
    the receipt number within the store (see services.returns)."""

    __tablename__ = "refund"
    __table_args__ = (
        Index("ix_refund_terminal_date", "terminal_id", "business_date"),
        Index("ix_refund_store_receipt", "store_id", "original_receipt_no"),
    )

    id: Mapped[str] = mapped_column(String(36), primary_key=True)  # the till's refund_id
    refund_no: Mapped[str] = mapped_column(String(64))
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("store.id"))
    business_date: Mapped[str] = mapped_column(String(10))
    occurred_at: Mapped[str] = mapped_column(String(64))
    original_sale_id: Mapped[str | None] = mapped_column(String(36), index=True)
    original_receipt_no: Mapped[str | None] = mapped_column(String(64))
    total_fen: Mapped[int] = mapped_column(BigInteger)
    staff_no: Mapped[str] = mapped_column(String(16))
    approved_by: Mapped[str | None] = mapped_column(String(16))
    event_seq: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)

    lines: Mapped[list[RefundLine]] = relationship(order_by="RefundLine.line_idx",
                                                   cascade="all, delete-orphan")


class RefundLine(Base):
    __tablename__ = "refund_line"

    refund_id: Mapped[str] = mapped_column(ForeignKey("refund.id"), primary_key=True)
    line_idx: Mapped[int] = mapped_column(Integer, primary_key=True)  # 1.. in payload order
    original_line_no: Mapped[int | None] = mapped_column(Integer)  # NULL: without receipt
    product_id: Mapped[str] = mapped_column(String(64))
    sku: Mapped[str] = mapped_column(String(64))
    name: Mapped[str] = mapped_column(Text)
    qty: Mapped[int] = mapped_column(BigInteger)
    amount_fen: Mapped[int] = mapped_column(BigInteger)


class DayClose(Base):
    """A till's day.closed event and HQ's reconciliation of its Z totals."""

    __tablename__ = "day_close"
    __table_args__ = (Index("ix_day_close_terminal_date", "terminal_id", "business_date"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"))
    store_id: Mapped[str] = mapped_column(ForeignKey("store.id"))
    business_date: Mapped[str] = mapped_column(String(10))
    closed_by: Mapped[str] = mapped_column(String(16))
    totals: Mapped[dict[str, Any]]  # sync.protocol.ZTotals
    event_seq: Mapped[int] = mapped_column(BigInteger)
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    status: Mapped[str] = mapped_column(String(16))  # matched | mismatch
    # {figure: {"z": till's value, "hq": what HQ received}} for each figure that differs.
    differences: Mapped[dict[str, Any]]


class Anomaly(Base):
    """Something HQ recorded but flags for the operator (DESIGN §8: never rejected):
    a double return, a day close whose Z totals differ from what HQ received."""

    __tablename__ = "anomaly"
    __table_args__ = (Index("ix_anomaly_kind_ref", "kind", "ref"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    # The terminal whose event it is about. No foreign key on purpose: a push may record an
    # anomaly of another terminal, and must not wait on that terminal's row lock.
    terminal_id: Mapped[str] = mapped_column(String(36), index=True)
    store_id: Mapped[str] = mapped_column(String(36))
    seq: Mapped[int | None] = mapped_column(BigInteger)
    kind: Mapped[str] = mapped_column(String(32))  # double_return | return_unmatched | day_mismatch
    ref: Mapped[str] = mapped_column(String(64))  # refund id, or business date
    detail: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    # The terminal still has to be flagged (its row was busy when this was recorded).
    flag_pending: Mapped[bool] = mapped_column(Boolean, default=False)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class Quarantine(Base):
    """Events that could not be applied, or that conflict with what HQ already holds."""

    __tablename__ = "quarantine"

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    terminal_id: Mapped[str] = mapped_column(ForeignKey("terminal.id"), index=True)
    seq: Mapped[int | None] = mapped_column(BigInteger)
    event_id: Mapped[str | None] = mapped_column(String(64))
    type: Mapped[str | None] = mapped_column(String(64))
    kind: Mapped[str] = mapped_column(String(16))  # unapplied | conflict
    reason: Mapped[str] = mapped_column(Text)
    raw: Mapped[dict[str, Any]]
    received_at: Mapped[datetime] = mapped_column(default=utcnow)
    resolved: Mapped[bool] = mapped_column(Boolean, default=False)


class Promotion(Base):
    """A promotion rule as tills parse it (pos_app/domain/promotion_rules.py); HQ owns it."""

    __tablename__ = "promotion"

    id: Mapped[str] = mapped_column(String(64), primary_key=True)  # the rule id
    data: Mapped[dict[str, Any]]
    active: Mapped[bool] = mapped_column(Boolean, default=True)  # = the rule's "enabled"
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class MemberLevel(Base):
    __tablename__ = "member_level"

    code: Mapped[str] = mapped_column(String(64), primary_key=True)
    data: Mapped[dict[str, Any]]  # {code, name, default_rate_bp, category_rates_bp}
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class Member(Base):
    """A member of the chain's loyalty scheme (DESIGN §8: HQ is authoritative for the profile).
    Published chain-wide to the tills (entity `member`) so a card identifies its member offline.
    Balances and points come later, in their own ledger tables."""

    __tablename__ = "member"

    id: Mapped[str] = mapped_column(String(36), primary_key=True, default=new_id)
    member_no: Mapped[str] = mapped_column(String(32), unique=True)
    card_no: Mapped[str | None] = mapped_column(String(32), unique=True)  # NULL: no card
    name: Mapped[str] = mapped_column(String(64))
    phone: Mapped[str] = mapped_column(String(20), index=True)  # digits
    # A member_level code; no foreign key (levels are published and withdrawn on their own).
    level_code: Mapped[str | None] = mapped_column(String(64))
    status: Mapped[str] = mapped_column(String(16), default="active")  # active|frozen|cancelled
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(default=utcnow)


class ChangeLog(Base):
    """What tills pull: one row per catalog/staff/store write, in commit order (the cursor)."""

    __tablename__ = "change_log"
    __table_args__ = (Index("ix_change_log_store_id", "store_id", "id"),)

    id: Mapped[int] = mapped_column(BigId, primary_key=True, autoincrement=True)
    entity: Mapped[str] = mapped_column(String(32))
    key: Mapped[str] = mapped_column(String(64))
    op: Mapped[str] = mapped_column(String(8))  # upsert | delete
    data: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    # NULL: for every store of the chain.
    store_id: Mapped[str | None] = mapped_column(String(36))
    created_at: Mapped[datetime] = mapped_column(default=utcnow)
