"""Reports over the sale projection."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq_server.models import Sale, Store, Terminal
from hq_server.schemas import SalesReportPublic, SalesReportRow
from hq_server.services.errors import BadInput


def parse_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except (TypeError, ValueError) as exc:
        raise BadInput(f"not a date (YYYY-MM-DD): {text!r}") from exc


def sales_by_terminal(session: Session, day: str) -> SalesReportPublic:
    """Sales of one business date, per terminal (every terminal is listed, even with none)."""
    day = parse_date(day)
    totals = {tid: (n, int(total)) for tid, n, total in session.execute(
        select(Sale.terminal_id, func.count(), func.coalesce(func.sum(Sale.total_fen), 0))
        .where(Sale.business_date == day).group_by(Sale.terminal_id))}
    rows = []
    for terminal, store_code in session.execute(
            select(Terminal, Store.code).join(Store).order_by(Store.code, Terminal.name)):
        count, total = totals.get(terminal.id, (0, 0))
        rows.append(SalesReportRow(store_code=store_code, terminal_id=terminal.id,
                                   terminal_name=terminal.name, count=count, total_fen=total,
                                   last_seq=terminal.last_seq))
    return SalesReportPublic(date=day, count=sum(r.count for r in rows),
                             total_fen=sum(r.total_fen for r in rows), terminals=rows)
