"""Day close reconciliation: a till's Z totals against what HQ received from it.

A till pushes its events in seq order, so when its day.closed is applied every earlier event
of that till is at HQ. HQ sums the sales and refunds it projected for the terminal and the
business date and compares them with the Z report; any difference means an event is missing
(quarantined, never sent) or was altered, and the close is recorded as a `mismatch` with the
differing figures (an anomaly, the terminal flagged). Nothing is rejected (DESIGN §8).
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq_server.models import DayClose, Refund, Sale, Terminal
from hq_server.services import anomalies
from sync.protocol import DayClosedPayload

# Z figures HQ can recompute from its projections (net = sales - refunds).
FIGURES = ("sales_count", "sales_fen", "refunds_count", "refunds_fen", "net_fen")
MATCHED, MISMATCH = "matched", "mismatch"


def received_figures(session: Session, terminal_id: str, day: str) -> dict[str, int]:
    sales_count, sales_fen = session.execute(
        select(func.count(), func.coalesce(func.sum(Sale.total_fen), 0))
        .where(Sale.terminal_id == terminal_id, Sale.business_date == day)).one()
    refunds_count, refunds_fen = session.execute(
        select(func.count(), func.coalesce(func.sum(Refund.total_fen), 0))
        .where(Refund.terminal_id == terminal_id, Refund.business_date == day)).one()
    return {"sales_count": int(sales_count), "sales_fen": int(sales_fen),
            "refunds_count": int(refunds_count), "refunds_fen": int(refunds_fen),
            "net_fen": int(sales_fen) - int(refunds_fen)}


def close_day(session: Session, terminal: Terminal, seq: int, day: str,
              payload: DayClosedPayload) -> DayClose:
    """Record a day.closed event of `terminal` (whose push holds its row) and reconcile it."""
    held = received_figures(session, terminal.id, day)
    z = payload.totals.model_dump()
    differences = {name: {"z": z[name], "hq": held[name]} for name in FIGURES
                   if z[name] != held[name]}
    row = DayClose(terminal_id=terminal.id, store_id=terminal.store_id, business_date=day,
                   closed_by=payload.closed_by, totals=z, event_seq=seq,
                   status=MISMATCH if differences else MATCHED, differences=differences)
    session.add(row)
    if differences:
        shown = "; ".join(f"{name} Z {d['z']} ≠ HQ {d['hq']}" for name, d in differences.items())
        anomalies.record(session, terminal, terminal_id=terminal.id, store_id=terminal.store_id,
                         seq=seq, kind=anomalies.DAY_MISMATCH, ref=f"{day}@{seq}",
                         detail=f"day {day} does not reconcile: {shown}",
                         summary=f"day {day} does not reconcile")
    return row
