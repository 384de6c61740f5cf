"""Applying a terminal's events to HQ's projections (DESIGN §6 facts, §8 authority).

One applier per event type (APPLIERS, used by services.push). An applier checks everything
first — version, payload against sync.protocol, the store, the business date, value sizes —
and raises CannotApply before it writes anything: the event is then kept in quarantine and the
stream goes on. Facts that are valid but suspicious (a double return, a day close that does
not reconcile) are applied and recorded as anomalies, never rejected.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, TypeVar

from pydantic import BaseModel, ValidationError
from sqlalchemy.orm import Session

from hq_server.models import Refund, RefundLine, Sale, SaleLine, Terminal
from hq_server.services import reconcile, returns
from sync.protocol import (
    AUDIT_OVERRIDE,
    DAY_CLOSED,
    REFUND_COMPLETED,
    SALE_COMPLETED,
    SALE_VOIDED,
    SHIFT_CASH_MOVED,
    SHIFT_CLOSED,
    SHIFT_OPENED,
    AuditOverridePayload,
    DayClosedPayload,
    EventEnvelope,
    RefundCompletedPayload,
    SaleCompletedPayload,
    SaleCompletedV2Payload,
    SaleVoidedPayload,
    ShiftCashMovedPayload,
    ShiftClosedPayload,
    ShiftOpenedPayload,
)

# Column limits: INTEGER is 32-bit and BIGINT 64-bit on PostgreSQL.
MAX_INT32 = 2**31 - 1
MAX_BIGINT = 2**63 - 1
# Any number in a payload (fen, counts): ±10^12 fen is ¥10 bn, so sums stay far from BIGINT.
MAX_VALUE = 10**12
MAX_TEXT = 2000

P = TypeVar("P", bound=BaseModel)
Applier = Callable[[Session, Terminal, EventEnvelope], None]


class CannotApply(Exception):
    """The event is stored but cannot be applied; it goes to quarantine with this reason."""


def _version(event: EventEnvelope, *supported: int) -> None:
    if event.v not in supported:
        raise CannotApply(f"{event.type} version {event.v} is not supported by this HQ")


def _payload(model: type[P], event: EventEnvelope) -> P:
    try:
        payload = model.model_validate(event.payload)
    except ValidationError as exc:
        first = exc.errors()[0]
        loc = ".".join(str(p) for p in first["loc"])
        raise CannotApply(f"invalid {event.type} payload: {loc}: {first['msg']}") from exc
    _check_values(payload.model_dump(), "payload")
    return payload


def _check_values(value: Any, where: str) -> None:
    """Numbers and texts a column (or a sum of columns) can hold, on both backends."""
    if value is None or isinstance(value, bool):
        return
    if isinstance(value, int):
        if abs(value) > MAX_VALUE:
            raise CannotApply(f"{where} {value} is out of range")
    elif isinstance(value, str):
        if "\x00" in value:
            raise CannotApply(f"{where} contains a NUL character")
        if len(value) > MAX_TEXT:
            raise CannotApply(f"{where} is longer than {MAX_TEXT} characters")
    elif isinstance(value, dict):
        for key, item in value.items():
            _check_values(key, f"{where} key")
            _check_values(item, f"{where}.{key}")
    elif isinstance(value, list):
        for i, item in enumerate(value):
            _check_values(item, f"{where}[{i}]")


def _fits(limit: int, **values: str | None) -> None:
    for name, value in values.items():
        if value is not None and len(value) > limit:
            raise CannotApply(f"{name} is longer than {limit} characters")


def _place(terminal: Terminal, event: EventEnvelope, what: str) -> str:
    """The event's business date (ISO) after checking it belongs to the terminal's store."""
    if event.store_id != terminal.store_id:
        raise CannotApply(f"{what} for store {event.store_id}, but the terminal belongs to "
                          f"store {terminal.store_id}")
    try:
        return date.fromisoformat(event.business_date).isoformat()
    except ValueError as exc:
        raise CannotApply(f"business_date {event.business_date!r} is not a date") from exc


def _apply_sale(session: Session, terminal: Terminal, event: EventEnvelope) -> None:
    """sale.completed v1 (cash, no discounts) or v2 → sale + sale_line."""
    _version(event, 1, 2)
    if event.v == 1:
        v1 = _payload(SaleCompletedPayload, event)
        sale = Sale(id=v1.sale_id, receipt_no=v1.receipt_no, total_fen=v1.total_fen,
                    staff_no=v1.staff_no, member_id=v1.member_id, original_fen=v1.total_fen,
                    discount_fen=0, rounding_fen=0)
        lines = [SaleLine(line_no=x.line_no, product_id=x.product_id, sku=x.sku, name=x.name,
                          category_id=None, qty=x.qty, final_fen=x.amount_fen)
                 for x in v1.lines]
    else:
        v2 = _payload(SaleCompletedV2Payload, event)
        sale = Sale(id=v2.sale_id, receipt_no=v2.receipt_no, total_fen=v2.total_fen,
                    staff_no=v2.staff_no, member_id=v2.member_id, original_fen=v2.original_fen,
                    discount_fen=v2.discount_fen, rounding_fen=v2.rounding_fen)
        lines = [SaleLine(line_no=x.line_no, product_id=x.product_id, sku=x.sku, name=x.name,
                          category_id=x.category_id, qty=x.qty, final_fen=x.final_fen)
                 for x in v2.lines]
    day = _place(terminal, event, "sale")
    _fits(36, sale_id=sale.id, member_id=sale.member_id)
    _fits(64, receipt_no=sale.receipt_no)
    _fits(16, staff_no=sale.staff_no)
    for line in lines:
        _fits(64, product_id=line.product_id, sku=line.sku, category_id=line.category_id)
        if abs(line.line_no) > MAX_INT32:
            raise CannotApply(f"line_no {line.line_no} is out of range")
    numbers = [line.line_no for line in lines]
    if len(set(numbers)) != len(numbers):
        raise CannotApply(f"sale {sale.id} has two lines with the same line_no")
    if session.get(Sale, sale.id) is not None:
        raise CannotApply(f"sale {sale.id} was already received in another event")
    returns.lock_store(session, terminal.store_id)
    sale.terminal_id, sale.store_id = terminal.id, terminal.store_id
    sale.business_date, sale.occurred_at, sale.event_seq = day, event.occurred_at, event.seq
    sale.lines = lines
    session.add(sale)
    session.flush()
    returns.sale_arrived(session, terminal, sale)


def _apply_refund(session: Session, terminal: Terminal, event: EventEnvelope) -> None:
    """refund.completed → refund + refund_line, then the double return check."""
    _version(event, 1)
    p = _payload(RefundCompletedPayload, event)
    day = _place(terminal, event, "refund")
    _fits(36, refund_id=p.refund_id, original_sale_id=p.original_sale_id)
    _fits(64, refund_no=p.refund_no, original_receipt_no=p.original_receipt_no)
    _fits(16, staff_no=p.staff_no, approved_by=p.approved_by)
    for line in p.lines:
        _fits(64, product_id=line.product_id, sku=line.sku)
        if line.original_line_no is not None and abs(line.original_line_no) > MAX_INT32:
            raise CannotApply(f"original_line_no {line.original_line_no} is out of range")
    if session.get(Refund, p.refund_id) is not None:
        raise CannotApply(f"refund {p.refund_id} was already received in another event")
    returns.lock_store(session, terminal.store_id)
    refund = Refund(
        id=p.refund_id, refund_no=p.refund_no, terminal_id=terminal.id,
        store_id=terminal.store_id, business_date=day, occurred_at=event.occurred_at,
        original_sale_id=p.original_sale_id, original_receipt_no=p.original_receipt_no,
        total_fen=p.total_fen, staff_no=p.staff_no, approved_by=p.approved_by,
        event_seq=event.seq,
        lines=[RefundLine(line_idx=i, original_line_no=x.original_line_no,
                          product_id=x.product_id, sku=x.sku, name=x.name, qty=x.qty,
                          amount_fen=x.amount_fen) for i, x in enumerate(p.lines, start=1)])
    session.add(refund)
    session.flush()
    returns.refund_arrived(session, terminal, refund)


def _apply_day_closed(session: Session, terminal: Terminal, event: EventEnvelope) -> None:
    """day.closed → day_close, reconciled against the sales and refunds HQ received."""
    _version(event, 1)
    p = _payload(DayClosedPayload, event)
    _place(terminal, event, "day close")
    try:
        day = date.fromisoformat(p.business_date).isoformat()
    except ValueError as exc:
        raise CannotApply(f"business_date {p.business_date!r} is not a date") from exc
    if p.totals.business_date != p.business_date:
        raise CannotApply(f"the Z totals are for {p.totals.business_date}, the close for "
                          f"{p.business_date}")
    _fits(16, closed_by=p.closed_by)
    reconcile.close_day(session, terminal, event.seq, day, p)


def _validated(model: type[BaseModel], what: str) -> Applier:
    """Facts HQ keeps as received (the event row holds the payload) once they are valid."""

    def apply(session: Session, terminal: Terminal, event: EventEnvelope) -> None:
        _version(event, 1)
        _payload(model, event)
        _place(terminal, event, what)

    return apply


APPLIERS: dict[str, Applier] = {
    SALE_COMPLETED: _apply_sale,
    SALE_VOIDED: _validated(SaleVoidedPayload, "void"),
    REFUND_COMPLETED: _apply_refund,
    SHIFT_OPENED: _validated(ShiftOpenedPayload, "shift"),
    SHIFT_CASH_MOVED: _validated(ShiftCashMovedPayload, "shift"),
    SHIFT_CLOSED: _validated(ShiftClosedPayload, "shift"),
    DAY_CLOSED: _apply_day_closed,
    AUDIT_OVERRIDE: _validated(AuditOverridePayload, "override"),
}
