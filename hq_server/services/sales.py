"""Serving a sale to a till for a return (GET /api/v1/sales/by-receipt/{receipt_no}): a sale
from any terminal of the caller's store, rebuilt from the event HQ stored, and what was
already returned of each line."""

from __future__ import annotations

from pydantic import ValidationError
from sqlalchemy import select
from sqlalchemy.orm import Session

from hq_server.models import Event, Sale
from hq_server.services import returns
from hq_server.services.errors import NotFound, ServiceError
from hq_server.services.terminals import TerminalPrincipal
from sync.protocol import (
    SaleCompletedPayload,
    SaleCompletedV2Payload,
    SaleLineV2Payload,
    SaleLookupResponse,
    TenderV2Payload,
)


class SaleUnreadable(ServiceError):
    """The stored sale cannot be shown in the v2 shape (should never happen)."""

    status_code = 409


def v1_as_v2(v1: SaleCompletedPayload) -> SaleCompletedV2Payload:
    """A v1 sale (cash, no discounts) in the v2 shape: each line paid its amount."""
    lines = [SaleLineV2Payload(line_no=x.line_no, product_id=x.product_id, sku=x.sku,
                               barcode=x.barcode, name=x.name, qty=x.qty,
                               unit_price_fen=x.unit_price_fen,
                               regular_price_fen=x.unit_price_fen, original_fen=x.amount_fen,
                               final_fen=x.amount_fen) for x in v1.lines]
    tenders = [TenderV2Payload.model_validate({
        "kind": t.kind, "amount_fen": t.amount_fen, "tendered_fen": t.tendered_fen,
        "change_fen": t.change_fen, "reference": t.reference}) for t in v1.tenders]
    return SaleCompletedV2Payload(
        sale_id=v1.sale_id, receipt_no=v1.receipt_no, staff_id=v1.staff_id,
        staff_no=v1.staff_no, member_id=v1.member_id, lines=lines,
        original_fen=sum(x.amount_fen for x in v1.lines), discount_fen=0, rounding_fen=0,
        total_fen=v1.total_fen, tenders=tenders)


def sale_by_receipt(session: Session, principal: TerminalPrincipal,
                    receipt_no: str) -> SaleLookupResponse:
    sale = session.scalars(
        select(Sale).where(Sale.store_id == principal.store_id, Sale.receipt_no == receipt_no)
        .order_by(Sale.occurred_at.desc(), Sale.id).limit(1)).first()
    if sale is None:
        raise NotFound(f"no sale with receipt no. {receipt_no!r} in this store")
    event = session.scalar(select(Event).where(Event.terminal_id == sale.terminal_id,
                                               Event.seq == sale.event_seq))
    if event is None:  # the event table is append-only; a sale always has its event
        raise SaleUnreadable(f"the event of sale {receipt_no!r} is missing at HQ")
    try:
        if event.v == 1:
            payload = v1_as_v2(SaleCompletedPayload.model_validate(event.payload))
        else:
            payload = SaleCompletedV2Payload.model_validate(event.payload)
    except ValidationError as exc:
        raise SaleUnreadable(f"sale {receipt_no!r} cannot be shown for a return: "
                             f"{exc.errors()[0]['msg']}") from exc
    return SaleLookupResponse(terminal_id=sale.terminal_id, business_date=sale.business_date,
                              occurred_at=sale.occurred_at, sale=payload,
                              refunded_qty=returns.refunded_qty(session, sale))
