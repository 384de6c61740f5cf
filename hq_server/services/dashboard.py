"""The operator's view: which store is online, how far behind, what conflicted, today's sales,
how each till's last days closed, and the anomalies to look at."""

from __future__ import annotations

from collections import defaultdict
from datetime import datetime, timedelta

from sqlalchemy import func, select
from sqlalchemy.orm import Session, selectinload

from hq_server.models import Anomaly, DayClose, Quarantine, Sale, Store, Terminal
from hq_server.schemas import (
    AnomalyPublic,
    DashboardPublic,
    DashboardTotals,
    DayCloseDifference,
    DayClosePublic,
    StorePublic,
    TerminalPublic,
)
from pos_app.domain.business_day import business_date
from pos_app.domain.money import format_yuan

DAY_CLOSES_SHOWN = 3  # per terminal: the latest closed business dates
ANOMALIES_SHOWN = 50


def dashboard(session: Session, now: datetime, online_window_seconds: int,
              clock_skew_warn_seconds: int) -> DashboardPublic:
    stores = session.scalars(select(Store).options(selectinload(Store.terminals))
                             .order_by(Store.code)).all()
    quarantined = dict(session.execute(
        select(Quarantine.terminal_id, func.count()).where(Quarantine.resolved.is_(False))
        .group_by(Quarantine.terminal_id)).all())
    open_anomalies = dict(session.execute(
        select(Anomaly.terminal_id, func.count()).where(Anomaly.resolved.is_(False))
        .group_by(Anomaly.terminal_id)).all())
    closes = day_closes(session)
    window = timedelta(seconds=online_window_seconds)
    out: list[StorePublic] = []
    for store in stores:
        day = business_date(now, store.timezone).isoformat()
        sales = {tid: (n, total) for tid, n, total in session.execute(
            select(Sale.terminal_id, func.count(), func.coalesce(func.sum(Sale.total_fen), 0))
            .where(Sale.store_id == store.id, Sale.business_date == day)
            .group_by(Sale.terminal_id))}
        terminals = [_terminal(t, now, window, clock_skew_warn_seconds, quarantined.get(t.id, 0),
                               open_anomalies.get(t.id, 0), closes.get(t.id, []),
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
        anomalies=sum(open_anomalies.values()), backlog=sum(t.outbox_depth for t in every))
    return DashboardPublic(server_time=now, online_window_seconds=online_window_seconds,
                           totals=totals, stores=out, anomalies=latest_anomalies(session))


def _shown(figure: str, value: int) -> str:
    return str(value) if figure.endswith("_count") else format_yuan(value)


def day_closes(session: Session) -> dict[str, list[DayClosePublic]]:
    """terminal id → its latest closed business dates (the last close of each), newest first."""
    ranked = select(
        DayClose.id,
        func.row_number().over(partition_by=DayClose.terminal_id,
                               order_by=(DayClose.business_date.desc(), DayClose.id.desc()))
        .label("rank")).subquery()
    rows = session.scalars(
        select(DayClose).join(ranked, ranked.c.id == DayClose.id)
        .where(ranked.c.rank <= 4 * DAY_CLOSES_SHOWN)
        .order_by(DayClose.terminal_id, DayClose.business_date.desc(), DayClose.id.desc())).all()
    out: dict[str, list[DayClosePublic]] = defaultdict(list)
    for row in rows:
        shown = out[row.terminal_id]
        if len(shown) == DAY_CLOSES_SHOWN or (shown and shown[-1].business_date
                                              == row.business_date):
            continue
        net = int(row.totals.get("net_fen", 0))
        shown.append(DayClosePublic(
            business_date=row.business_date, closed_by=row.closed_by, seq=row.event_seq,
            net_fen=net, net_yuan=format_yuan(net), status=row.status,
            differences=[DayCloseDifference(figure=name, z=d["z"], hq=d["hq"],
                                            z_text=_shown(name, d["z"]),
                                            hq_text=_shown(name, d["hq"]))
                         for name, d in row.differences.items()],
            received_at=row.received_at))
    return out


def latest_anomalies(session: Session, limit: int = ANOMALIES_SHOWN) -> list[AnomalyPublic]:
    rows = session.execute(
        select(Anomaly, Terminal.name, Store.code)
        .join(Terminal, Terminal.id == Anomaly.terminal_id)
        .join(Store, Store.id == Terminal.store_id)
        .where(Anomaly.resolved.is_(False))
        .order_by(Anomaly.id.desc()).limit(limit)).all()
    return [AnomalyPublic(id=a.id, kind=a.kind, store_code=code, terminal_id=a.terminal_id,
                          terminal_name=name, seq=a.seq, detail=a.detail,
                          created_at=a.created_at) for a, name, code in rows]


def _terminal(t: Terminal, now: datetime, window: timedelta, skew_warn: int, quarantined: int,
              anomaly_count: int, closes: list[DayClosePublic], count: int,
              total: int) -> TerminalPublic:
    online = t.last_seen_at is not None and not t.revoked and now - t.last_seen_at <= window
    skew = t.clock_skew_seconds
    return TerminalPublic(
        id=t.id, name=t.name, enrolled=t.token_hash is not None, revoked=t.revoked,
        online=online, last_seen_at=t.last_seen_at, last_seq=t.last_seq,
        outbox_depth=t.outbox_depth, oldest_pending_at=t.oldest_pending_at,
        app_version=t.app_version, clock_skew_seconds=skew,
        clock_skew_warning=skew is not None and abs(skew) > skew_warn, flagged=t.flagged,
        flag_reason=t.flag_reason, quarantine_count=quarantined, anomaly_count=anomaly_count,
        sales_today_count=count, sales_today_total_fen=int(total),
        sales_today_total_yuan=format_yuan(int(total)), day_closes=closes)
