"""Returns: which sale a refund belongs to, what was already returned of it, and the double
return check (DESIGN §8: a refund is the terminal's fact, never rejected; an impossible one is
recorded as an anomaly and its terminal flagged).

A refund names its original sale by `original_sale_id` (and the receipt number). The sale may
have been rung up at another till of the store, and with two tills offline the refund can
reach HQ before the sale does. So the check runs twice:
- when a refund arrives and its sale is known: this refund, added to every refund of the same
  sale HQ already holds, must not return more units of a line than were sold, nor more money
  than the line's final_fen;
- when a sale arrives: the refunds that already reference it are checked in the order HQ
  received them; each one that crosses a line's limit is an anomaly.

On PostgreSQL both run under a per-store advisory lock, so a sale and a refund of it (or two
refunds of one sale) pushed by two tills at the same moment are checked one after the other
and each sees the other. (SQLite write transactions are serialised already.)
"""

from __future__ import annotations

import hashlib
from collections import Counter
from collections.abc import Sequence

from sqlalchemy import and_, or_, select, text
from sqlalchemy.orm import Session, selectinload

from hq_server.models import Refund, Sale, Terminal
from hq_server.services import anomalies

# pg_advisory_xact_lock(int, int): this class, and 32 bits of the store id's hash.
RETURNS_LOCK_CLASS = 0x504F5303


def _key32(value: str) -> int:
    return int.from_bytes(hashlib.sha256(value.encode()).digest()[:4], "big", signed=True)


def lock_store(session: Session, store_id: str) -> None:
    if session.get_bind().dialect.name == "postgresql":
        session.execute(text("SELECT pg_advisory_xact_lock(:a, :b)"),
                        {"a": RETURNS_LOCK_CLASS, "b": _key32(store_id)})


def original_sale(session: Session, refund: Refund) -> Sale | None:
    """The sale a refund returns goods of: by sale id when the refund carries one, else by
    receipt number within the refund's store. None: without receipt, or not received yet."""
    if refund.original_sale_id:
        return session.get(Sale, refund.original_sale_id)
    if refund.original_receipt_no:
        return session.scalars(
            select(Sale).where(Sale.store_id == refund.store_id,
                               Sale.receipt_no == refund.original_receipt_no)
            .order_by(Sale.occurred_at.desc(), Sale.id).limit(1)).first()
    return None


def refunds_of(session: Session, sale: Sale) -> Sequence[Refund]:
    """Every refund HQ holds of `sale`, in the order HQ received them."""
    return session.scalars(
        select(Refund).options(selectinload(Refund.lines))
        .where(or_(Refund.original_sale_id == sale.id,
                   and_(Refund.original_sale_id.is_(None), Refund.store_id == sale.store_id,
                        Refund.original_receipt_no == sale.receipt_no)))
        .order_by(Refund.received_at, Refund.terminal_id, Refund.event_seq)).all()


def refunded_qty(session: Session, sale: Sale) -> dict[str, int]:
    """Original line_no (as a string) → units returned so far, for every line of the sale."""
    returned: Counter[int] = Counter()
    for refund in refunds_of(session, sale):
        for line in refund.lines:
            if line.original_line_no is not None:
                returned[line.original_line_no] += line.qty
    return {str(line.line_no): returned[line.line_no] for line in sale.lines}


def refund_arrived(session: Session, pushing: Terminal, refund: Refund) -> None:
    """Check a refund just projected (and flushed) against its sale, if HQ has it."""
    sale = original_sale(session, refund)
    if sale is not None:
        _check(session, pushing, sale, only=refund)


def sale_arrived(session: Session, pushing: Terminal, sale: Sale) -> None:
    """Check the refunds that reached HQ before this sale did."""
    _check(session, pushing, sale, only=None)


def _check(session: Session, pushing: Terminal, sale: Sale, only: Refund | None) -> None:
    refunds = list(refunds_of(session, sale))
    if only is not None:  # the new refund comes after every refund already held
        refunds = [r for r in refunds if r.id != only.id] + [only]
    sold = {line.line_no: line for line in sale.lines}
    qty: Counter[int] = Counter()
    fen: Counter[int] = Counter()
    for refund in refunds:
        over, unmatched = [], []
        for line in refund.lines:
            n = line.original_line_no
            if n is None:
                continue
            original = sold.get(n)
            if original is None or original.product_id != line.product_id:
                unmatched.append(f"line {n} ({line.sku} {line.name}) is not on the sale")
                continue
            qty[n] += line.qty
            fen[n] += line.amount_fen
            if qty[n] > original.qty or fen[n] > original.final_fen:
                over.append(f"line {n} {original.name}: {qty[n]} of {original.qty} returned, "
                            f"{fen[n]} of {original.final_fen} fen")
        if only is not None and refund is not only:
            continue
        where = f"refund {refund.refund_no} of receipt {sale.receipt_no}"
        if over:
            anomalies.record(session, pushing, terminal_id=refund.terminal_id,
                             store_id=refund.store_id, seq=refund.event_seq,
                             kind=anomalies.DOUBLE_RETURN, ref=refund.id,
                             detail=f"{where} returns more than was sold: " + "; ".join(over),
                             summary=f"double return (refund {refund.refund_no})")
        if unmatched:
            anomalies.record(session, pushing, terminal_id=refund.terminal_id,
                             store_id=refund.store_id, seq=refund.event_seq,
                             kind=anomalies.RETURN_UNMATCHED, ref=refund.id,
                             detail=f"{where}: " + "; ".join(unmatched),
                             summary=f"return not on the sale (refund {refund.refund_no})")
