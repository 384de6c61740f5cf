"""Reports over the sale and refund projections."""

from __future__ import annotations

from datetime import date

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from hq_server.models import Refund, Sale, Store, Terminal
from hq_server.schemas import SalesReportPublic, SalesReportRow
from hq_server.services.errors import BadInput


def parse_date(text: str) -> str:
    try:
        return date.fromisoformat(text).isoformat()
    except (TypeError, ValueError) as exc:
        raise BadInput(f"not a date (YYYY-MM-DD): {text!r}") from exc


def sales_by_terminal(session: Session, day: str) -> SalesReportPublic:
    """Sales and refunds of one business date, per terminal (every terminal is listed, even
    with none). Refunds count on the date and at the till they were made."""
    day = parse_date(day)
    sales = {tid: (n, int(total)) for tid, n, total in session.execute(
        select(Sale.terminal_id, func.count(), func.coalesce(func.sum(Sale.total_fen), 0))
        .where(Sale.business_date == day).group_by(Sale.terminal_id))}
    refunds = {tid: (n, int(total)) for tid, n, total in session.execute(
        select(Refund.terminal_id, func.count(), func.coalesce(func.sum(Refund.total_fen), 0))
        .where(Refund.business_date == day).group_by(Refund.terminal_id))}
    rows = []
    for terminal, store_code in session.execute(
            select(Terminal, Store.code).join(Store).order_by(Store.code, Terminal.name)):
        count, total = sales.get(terminal.id, (0, 0))
        refunds_count, refunds_fen = refunds.get(terminal.id, (0, 0))
        rows.append(SalesReportRow(store_code=store_code, terminal_id=terminal.id,
                                   terminal_name=terminal.name, count=count, total_fen=total,
                                   refunds_count=refunds_count, refunds_fen=refunds_fen,
                                   net_fen=total - refunds_fen, last_seq=terminal.last_seq))
    total = sum(r.total_fen for r in rows)
    refunded = sum(r.refunds_fen for r in rows)
    return SalesReportPublic(date=day, count=sum(r.count for r in rows), total_fen=total,
                             refunds_count=sum(r.refunds_count for r in rows),
                             refunds_fen=refunded, net_fen=total - refunded, terminals=rows)
