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
SALE_COMPLETED = "sale.completed"


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


class StoreData(_Model):
    id: str
    code: str
    name: str
    timezone: str = "Asia/Shanghai"
    receipt_header: str = ""
    receipt_footer: str = ""


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
