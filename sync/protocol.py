"""The sync wire format (DESIGN §6, §7), shared by the till and head office.

This module imports nothing from the project: both ends test against it. Money is integer fen,
ids are UUID strings, times are ISO-8601 strings with an offset.
"""

from __future__ import annotations

import hashlib
import json
from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field

PROTOCOL_VERSION = 1
MAX_PUSH_EVENTS = 500
GENESIS_HASH = "0" * 64

# Event types known to this protocol version (DESIGN §6). HQ stores unknown types in quarantine.
SALE_COMPLETED = "sale.completed"  # v1: cash only, no discounts; v2: SaleCompletedV2Payload
SALE_VOIDED = "sale.voided"  # a whole sale voided before payment
REFUND_COMPLETED = "refund.completed"
SHIFT_OPENED = "shift.opened"
SHIFT_CASH_MOVED = "shift.cash_moved"
SHIFT_CLOSED = "shift.closed"
DAY_CLOSED = "day.closed"
AUDIT_OVERRIDE = "audit.override"


def canonical_json(obj: Any) -> bytes:
    """The one serialisation used for hashing: sorted keys, no spaces, UTF-8."""
    return json.dumps(obj, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def event_hash(fields: dict[str, Any]) -> str:
    """sha256(prev_hash ‖ canonical JSON of the row without `hash`)."""
    body = {k: v for k, v in fields.items() if k != "hash"}
    digest = hashlib.sha256()
    digest.update(str(body["prev_hash"]).encode())
    digest.update(canonical_json(body))
    return digest.hexdigest()


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class EventEnvelope(_Model):
    """One outbox row as it travels; `hash` chains it to the terminal's previous event."""

    event_id: str
    terminal_id: str
    seq: int = Field(ge=1)
    type: str
    v: int = Field(ge=1)
    occurred_at: str
    hlc: str
    business_date: str
    store_id: str
    actor_id: str | None
    payload: dict[str, Any]
    prev_hash: str
    hash: str

    def hash_fields(self) -> dict[str, Any]:
        return self.model_dump()

    def hash_is_valid(self) -> bool:
        return event_hash(self.model_dump()) == self.hash


# --- payloads -----------------------------------------------------------------------------


class SaleLinePayload(_Model):
    line_no: int
    product_id: str
    sku: str
    barcode: str | None
    name: str
    qty: int
    unit_price_fen: int
    amount_fen: int


class TenderPayload(_Model):
    kind: str  # cash (later: card, mobile, stored_value, points, coupon)
    amount_fen: int  # what the tender covers of the sale total
    tendered_fen: int  # what the customer handed over
    change_fen: int
    reference: str | None = None


class SaleCompletedPayload(_Model):
    sale_id: str
    receipt_no: str
    staff_id: str
    staff_no: str
    lines: list[SaleLinePayload]
    total_fen: int
    tenders: list[TenderPayload]
    member_id: str | None = None


# sale.completed v2 (issue 3): priced lines with their discounts, weighed goods, split tender,
# store rounding, voided lines, shift. Line `final_fen` values add up to `total_fen` (what the
# customer paid, after rounding), so a partial return refunds exact shares of them.

TenderKind = Literal["cash", "card", "mobile", "stored_value", "points", "coupon"]
TenderStatus = Literal["confirmed", "pending"]  # pending: mobile pay taken offline, to confirm


class DiscountPayload(_Model):
    rule_id: str  # a promotion id, or "manual:line", "manual:sale", "rounding"
    rule_name: str
    kind: str  # promotion kind, "manual" or "rounding"
    stage: str  # line | order | manual | rounding
    amount_fen: int


class SaleLineV2Payload(_Model):
    line_no: int
    product_id: str
    sku: str
    barcode: str | None
    name: str
    category_id: str | None = None
    qty: int
    weight_g: int | None = None  # weighed goods: qty is 1, weight on the scale label
    unit_price_fen: int  # price per unit (per kg for weighed goods), after any override
    regular_price_fen: int  # catalog price per unit, before any override
    original_fen: int  # before discounts (unit price × qty, or the scale label's amount)
    final_fen: int  # what the line paid, every discount and rounding share included
    discounts: list[DiscountPayload] = []


class TenderV2Payload(_Model):
    kind: TenderKind
    amount_fen: int  # what the tender covers of the sale total
    tendered_fen: int  # what the customer handed over (cash), else = amount_fen
    change_fen: int = 0  # only cash gives change
    reference: str | None = None  # card terminal reference no., mobile-pay transaction id
    provider: str | None = None  # mobile pay: wechat | alipay
    status: TenderStatus = "confirmed"


class VoidedLinePayload(_Model):
    product_id: str
    sku: str
    name: str
    qty: int
    amount_fen: int
    approved_by: str | None = None  # staff no. of the approver when an override was needed


class SaleCompletedV2Payload(_Model):
    sale_id: str
    receipt_no: str
    staff_id: str
    staff_no: str
    shift_id: str | None = None
    member_id: str | None = None
    member_level: str | None = None
    lines: list[SaleLineV2Payload]
    original_fen: int  # sum of line originals
    discount_fen: int  # promotions + manual discounts (not rounding)
    rounding_fen: int = 0  # store rounding 抹零 (wiped off, >= 0)
    total_fen: int  # what the customer paid = original - discount - rounding
    tenders: list[TenderV2Payload]
    voided_lines: list[VoidedLinePayload] = []


class SaleVoidedPayload(_Model):
    """A whole open sale voided before payment (no receipt, nothing paid)."""

    void_id: str
    staff_id: str
    staff_no: str
    approved_by: str | None = None
    lines: list[VoidedLinePayload]
    total_fen: int


class RefundLinePayload(_Model):
    original_line_no: int | None  # None for a return without receipt
    product_id: str
    sku: str
    name: str
    qty: int
    amount_fen: int  # refunded for this line (a prorated share of the line's final_fen)


class RefundCompletedPayload(_Model):
    refund_id: str
    refund_no: str  # receipt no. of the refund slip
    original_sale_id: str | None  # None: return without receipt
    original_receipt_no: str | None
    staff_id: str
    staff_no: str
    approved_by: str | None = None
    reason: str = ""
    shift_id: str | None = None
    lines: list[RefundLinePayload]
    total_fen: int
    tenders: list[TenderV2Payload]  # money paid back, by tender


class ShiftOpenedPayload(_Model):
    shift_id: str
    staff_id: str
    staff_no: str
    float_fen: int


class ShiftCashMovedPayload(_Model):
    shift_id: str
    movement_id: str
    kind: Literal["paid_in", "paid_out"]
    amount_fen: int
    reason: str
    staff_no: str
    approved_by: str | None = None


class ShiftClosedPayload(_Model):
    shift_id: str
    staff_no: str
    opened_at: str
    float_fen: int
    expected_by_tender: dict[str, int]  # cash expected in the drawer; others as taken
    counted_cash_fen: int  # blind count
    cash_variance_fen: int  # counted - expected (negative: short)
    sales_count: int
    refunds_count: int


class ZTotals(_Model):
    """A business day's totals at one till (the Z report). Refunds are positive amounts."""

    business_date: str
    sales_count: int
    sales_fen: int  # sum of sale totals (after discounts and rounding)
    original_fen: int
    discount_fen: int
    rounding_fen: int
    refunds_count: int
    refunds_fen: int
    net_fen: int  # sales - refunds
    voids_count: int  # voided lines + whole-sale voids
    voids_fen: int
    paid_in_fen: int
    paid_out_fen: int
    by_tender: dict[str, int]  # net by tender kind (sales - refunds)
    by_category: dict[str, int]  # net by category id ("" for none)
    by_cashier: dict[str, int]  # net by staff no.
    by_hour: dict[str, int]  # sales by store-local hour "00".."23"
    first_seq: int | None  # the outbox events the totals cover
    last_seq: int | None


class DayClosedPayload(_Model):
    business_date: str
    closed_by: str  # staff no.
    totals: ZTotals


class AuditOverridePayload(_Model):
    action: str  # discount | price_override | void_line | void_sale | refund | ...
    requested_by: str  # staff no.
    approved_by: str  # staff no. of the approver, who holds the permission
    approver_id: str
    amount_fen: int | None = None
    detail: str = ""
    receipt_no: str | None = None


# --- sale lookup for returns (GET /api/v1/sales/by-receipt/{receipt_no}) --------------------


class SaleLookupResponse(_Model):
    """A sale from any till of the caller's store, and what was already returned of it."""

    terminal_id: str
    business_date: str
    occurred_at: str
    sale: SaleCompletedV2Payload
    refunded_qty: dict[str, int]  # original line_no (as a string) → units already returned


# --- enrolment ----------------------------------------------------------------------------


class EnrolRequest(_Model):
    code: str
    app_version: str


class EnrolResponse(_Model):
    terminal_id: str
    terminal_name: str
    store_id: str
    store_code: str
    store_name: str
    token: str


# --- push ---------------------------------------------------------------------------------

PushStatus = Literal["applied", "duplicate", "conflict", "quarantined"]


class PushRequest(_Model):
    terminal_id: str
    events: list[EventEnvelope] = Field(max_length=MAX_PUSH_EVENTS)
    # What still waits at the till after this batch (0 when the batch drains the outbox),
    # and when the oldest of those happened.
    outbox_depth: int = Field(ge=0)
    oldest_pending_at: str | None
    app_version: str
    terminal_time: str


class PushResult(_Model):
    seq: int
    status: PushStatus
    detail: str | None = None


class PushResponse(_Model):
    acked_through_seq: int
    results: list[PushResult]
    server_time: str
    min_app_version: str


class SeqGap(_Model):
    """Body of a 409: the batch started past last_seq + 1; resend from expected_seq."""

    detail: str
    expected_seq: int


# --- pull ---------------------------------------------------------------------------------

ChangeOp = Literal["upsert", "delete"]
# Entities served to tills. Data shapes are the *Data models below.
ENTITY_STORE = "store"
ENTITY_STAFF = "staff"
ENTITY_CATEGORY = "category"
ENTITY_PRODUCT = "product"
ENTITY_PROMOTION = "promotion"  # data: a rule as pos_app/domain/promotion_rules.py parses it
ENTITY_MEMBER_LEVEL = "member_level"  # data: {code, name, default_rate_bp, category_rates_bp}
# data: MemberData {member_id, member_no, card_no, name, phone, level_code, status}; key: the
# member_id. Chain-wide (store_id NULL). A delete removes the member from the tills.
ENTITY_MEMBER = "member"


class StoreData(_Model):
    id: str
    code: str
    name: str
    timezone: str = "Asia/Shanghai"
    receipt_header: str = ""
    receipt_footer: str = ""
    policy: StorePolicy | None = None


class StorePolicy(_Model):
    """Counter rules HQ sets per store; the till enforces them."""

    cash_rounding: Literal["none", "jiao", "yuan"] = "none"  # 抹零 on all-cash sales
    returns_without_receipt: Literal["never", "manager"] = "manager"
    return_days: int = Field(default=30, ge=0, le=3650)  # how old a sale may be to return
    # Per role: {"max_discount_bp": 1000, "max_refund_fen": 10000, "void_line": true, ...};
    # see pos_app/domain/roles.py for the keys and the defaults used when this is empty.
    role_limits: dict[str, dict[str, Any]] = {}


class StaffData(_Model):
    id: str
    staff_no: str
    name: str
    role: Literal["cashier", "manager"]
    pin_hash: str  # argon2id; never a PIN
    active: bool = True


class CategoryData(_Model):
    id: str
    code: str
    name: str


class ProductData(_Model):
    id: str
    sku: str
    name: str
    category_id: str | None
    price_fen: int = Field(ge=0)
    barcodes: list[str]
    unit: str = "件"
    active: bool = True
    plu: str | None = Field(default=None, max_length=16)  # scale / item number
    is_service: bool = False  # services carry no stock


MemberStatus = Literal["active", "frozen", "cancelled"]
# Member and card numbers: 1-32 printable ASCII characters, no spaces
# (pos_app.domain.member.is_valid_number; this module imports nothing from the project).
MEMBER_NUMBER_PATTERN = r"^[!-~]{1,32}$"


class MemberData(BaseModel):
    """A member as tills need one to identify a card offline (DESIGN §8: HQ is authoritative
    for the profile). Fields HQ adds later (balance and points snapshots, DESIGN §7) are
    ignored by tills that do not know them, rather than setting the whole member aside."""

    model_config = ConfigDict(extra="ignore", frozen=True)

    member_id: str = Field(min_length=1, max_length=36)
    member_no: str = Field(pattern=MEMBER_NUMBER_PATTERN)
    card_no: str | None = Field(default=None, pattern=MEMBER_NUMBER_PATTERN)  # None: no card
    name: str = Field(max_length=64)
    phone: str = Field(pattern=r"^[0-9]{0,20}$")
    level_code: str | None = Field(default=None, min_length=1, max_length=64)  # member_level
    status: MemberStatus = "active"


class Change(_Model):
    cursor: int
    entity: str
    key: str
    op: ChangeOp
    data: dict[str, Any] | None


class ChangesResponse(_Model):
    changes: list[Change]
    next_cursor: int
    has_more: bool


class ErrorBody(_Model):
    detail: str
