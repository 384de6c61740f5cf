"""Anomalies (DESIGN §8): facts HQ records and applies but flags for the operator, never
rejects — a double return, a day close whose Z totals differ from what HQ received.

Flagging a terminal sets `terminal.flagged` with a reason, like a broken chain does. A push
holds its own terminal row locked; when it finds an anomaly of *another* terminal (a sale that
arrives after a refund of it made at another till), it flags that terminal only if its row is
free right now (SKIP LOCKED: waiting could deadlock with that terminal's own push). Otherwise
the anomaly stays `flag_pending` and the terminal flags itself at its next push.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq_server.models import Anomaly, Terminal

DOUBLE_RETURN = "double_return"  # more returned of a sale line than was sold
RETURN_UNMATCHED = "return_unmatched"  # a refund line that is not on the original sale
DAY_MISMATCH = "day_mismatch"  # Z totals differ from the sales and refunds HQ received
KINDS = (DOUBLE_RETURN, RETURN_UNMATCHED, DAY_MISMATCH)
SUMMARIES = {DOUBLE_RETURN: "double return", RETURN_UNMATCHED: "return not on the sale",
             DAY_MISMATCH: "day close does not reconcile"}
MAX_REASON = 2000


def flag(terminal: Terminal, reason: str) -> None:
    terminal.flagged = True
    terminal.flag_reason = reason if not terminal.flag_reason else \
        (terminal.flag_reason + "; " + reason)[-MAX_REASON:]


def record(session: Session, pushing: Terminal, *, terminal_id: str, store_id: str,
           seq: int | None, kind: str, ref: str, detail: str,
           summary: str | None = None) -> Anomaly | None:
    """Record an anomaly once per (kind, terminal, ref) and flag its terminal with `summary`
    (the dashboard lists the whole detail). `pushing` is the terminal whose push is being
    processed (its row is locked by this transaction)."""
    ref = ref[:64]
    held = session.scalar(select(Anomaly.id).where(Anomaly.kind == kind, Anomaly.ref == ref,
                                                   Anomaly.terminal_id == terminal_id))
    if held is not None:
        return None
    anomaly = Anomaly(terminal_id=terminal_id, store_id=store_id, seq=seq, kind=kind,
                      ref=ref, detail=detail, flag_pending=False)
    session.add(anomaly)
    reason = _reason(seq, summary or detail)
    if terminal_id == pushing.id:
        flag(pushing, reason)
        return anomaly
    other = session.scalar(select(Terminal).where(Terminal.id == terminal_id)
                           .with_for_update(skip_locked=True))
    if other is None:
        anomaly.flag_pending = True
    else:
        flag(other, reason)
    return anomaly


def flag_pending(session: Session, terminal: Terminal) -> None:
    """At the end of a push: flag the terminal for anomalies other pushes could not flag."""
    pending = session.scalars(select(Anomaly).where(Anomaly.terminal_id == terminal.id,
                                                    Anomaly.flag_pending.is_(True))
                              .order_by(Anomaly.id)).all()
    for anomaly in pending:
        flag(terminal, _reason(anomaly.seq, SUMMARIES.get(anomaly.kind, anomaly.detail)))
        anomaly.flag_pending = False


def _reason(seq: int | None, text: str) -> str:
    return f"seq {seq}: {text}" if seq is not None else text
