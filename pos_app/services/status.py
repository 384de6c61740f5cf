"""What the status bar and `pos-till status` show about sync."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from datetime import datetime, timedelta
from typing import Any

from pos_app.services.unit_of_work import UnitOfWorkFactory

# Keys under which the sync adapter records outcomes (pos_app.adapters.sync_ports).
LAST_SUCCESS_AT = "sync.last_success_at"
LAST_ATTEMPT_AT = "sync.last_attempt_at"
LAST_ATTEMPT_OK = "sync.last_attempt_ok"
LAST_ERROR = "sync.last_error"
LAST_ERROR_AT = "sync.last_error_at"
PULL_CURSOR = "sync.pull_cursor"
ACKED_THROUGH = "sync.acked_through_seq"

# Online means the last exchange with HQ worked and was recent.
ONLINE_WITHIN = timedelta(minutes=2)


@dataclass(frozen=True, slots=True)
class SyncStatus:
    enrolled: bool
    online: bool
    pending_events: int
    last_success_at: str | None
    last_error: str | None
    last_error_at: str | None

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def sync_status(uow_factory: UnitOfWorkFactory, now: datetime) -> SyncStatus:
    with uow_factory(readonly=True) as uow:
        enrolled = uow.settings.identity() is not None
        pending = uow.outbox.pending_count()
        last_success = uow.settings.get(LAST_SUCCESS_AT)
        last_attempt_at = uow.settings.get(LAST_ATTEMPT_AT)
        last_ok = bool(uow.settings.get(LAST_ATTEMPT_OK, False))
        last_error = uow.settings.get(LAST_ERROR)
        last_error_at = uow.settings.get(LAST_ERROR_AT)
    online = bool(
        last_ok and last_attempt_at
        and now - datetime.fromisoformat(last_attempt_at) <= ONLINE_WITHIN
    )
    return SyncStatus(enrolled, online, pending, last_success, last_error, last_error_at)
