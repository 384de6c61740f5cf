"""The operator's view: which store is online, how far behind, what conflicted, today's sales."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hq_server.models import Quarantine, Sale, Store, Terminal
from hq_server.schemas import DashboardPublic, DashboardTotals, StorePublic, TerminalPublic
from pos_app.domain.business_day import business_date
from pos_app.domain.money import format_yuan


def dashboard(session: Session, now: datetime, online_window_seconds: int,
              clock_skew_warn_seconds: int) -> DashboardPublic:
    stores = session.scalars(select(Store).options(selectinload(Store.terminals))
                             .order_by(Store.code)).all()
    quarantined = dict(session.execute(
        select(Quarantine.terminal_id, func.count()).where(Quarantine.resolved.is_(False))
        .group_by(Quarantine.terminal_id)).all())
    window = timedelta(seconds=online_window_seconds)
    out: list[StorePublic] = []
    for store in stores:
        day = business_date(now, store.timezone).isoformat()
        sales = {tid: (n, total) for tid, n, total in session.execute(
            select(Sale.terminal_id, func.count(), func.coalesce(func.sum(Sale.total_fen), 0))
            .where(Sale.store_id == store.id, Sale.business_date == day)
            .group_by(Sale.terminal_id))}
        terminals = [_terminal(t, now, window, clock_skew_warn_seconds, quarantined.get(t.id, 0),
                               *sales.get(t.id, (0, 0))) for t in store.terminals]
        count = sum(t.sales_today_count for t in terminals)
        total = sum(t.sales_today_total_fen for t in terminals)
        out.append(StorePublic(id=store.id, code=store.code, name=store.name,
                               timezone=store.timezone, business_date=day,
                               sales_today_count=count, sales_today_total_fen=total,
                               sales_today_total_yuan=format_yuan(total), terminals=terminals))
    every = [t for s in out for t in s.terminals]
    totals = DashboardTotals(
        stores=len(out), terminals=len(every), online=sum(t.online for t in every),
        flagged=sum(t.flagged for t in every), quarantined=sum(quarantined.values()),
        backlog=sum(t.outbox_depth for t in every))
    return DashboardPublic(server_time=now, online_window_seconds=online_window_seconds,
                           totals=totals, stores=out)


def _terminal(t: Terminal, now: datetime, window: timedelta, skew_warn: int, quarantined: int,
              count: int, total: int) -> TerminalPublic:
    online = t.last_seen_at is not None and not t.revoked and now - t.last_seen_at <= window
    skew = t.clock_skew_seconds
    return TerminalPublic(
        id=t.id, name=t.name, enrolled=t.token_hash is not None, revoked=t.revoked,
        online=online, last_seen_at=t.last_seen_at, last_seq=t.last_seq,
        outbox_depth=t.outbox_depth, oldest_pending_at=t.oldest_pending_at,
        app_version=t.app_version, clock_skew_seconds=skew,
        clock_skew_warning=skew is not None and abs(skew) > skew_warn, flagged=t.flagged,
        flag_reason=t.flag_reason, quarantine_count=quarantined, sales_today_count=count,
        sales_today_total_fen=int(total), sales_today_total_yuan=format_yuan(int(total)))
