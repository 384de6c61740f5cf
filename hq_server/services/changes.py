"""Serving the change log to a terminal (DESIGN §7 pull): chain-wide rows plus its store's."""

from __future__ import annotations

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from hq_server.models import ChangeLog
from hq_server.services.errors import BadInput
from hq_server.services.terminals import TerminalPrincipal
from sync.protocol import Change, ChangesResponse

MAX_LIMIT = 1000
DEFAULT_LIMIT = 500


def changes(session: Session, principal: TerminalPrincipal, since: int,
            limit: int = DEFAULT_LIMIT) -> ChangesResponse:
    if since < 0:
        raise BadInput("since must be 0 or a cursor returned by HQ")
    if not 1 <= limit <= MAX_LIMIT:
        raise BadInput(f"limit must be between 1 and {MAX_LIMIT}")
    rows = session.scalars(
        select(ChangeLog)
        .where(ChangeLog.id > since,
               or_(ChangeLog.store_id.is_(None), ChangeLog.store_id == principal.store_id))
        .order_by(ChangeLog.id)
        .limit(limit + 1)
    ).all()
    page = rows[:limit]
    return ChangesResponse(
        changes=[Change(cursor=r.id, entity=r.entity, key=r.key, op=r.op,  # type: ignore[arg-type]
                        data=r.data) for r in page],
        next_cursor=page[-1].id if page else since,
        has_more=len(rows) > limit,
    )
