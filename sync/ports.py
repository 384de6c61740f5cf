"""What the sync engine needs from its surroundings. The till implements these on SQLite
(pos_app.adapters.sync_ports); tests implement them as plain in-memory fakes."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from typing import Protocol

from sync.protocol import Change, ChangesResponse, EventEnvelope, PushRequest, PushResponse


class OutboxPort(Protocol):
    def unacked(self, limit: int) -> list[EventEnvelope]:
        """The oldest events HQ has not acknowledged, in seq order."""

    def events_from(self, seq: int, limit: int) -> list[EventEnvelope]:
        """Events from `seq` on, acknowledged or not (HQ asked us to resend from there)."""

    def mark_acked(self, through_seq: int) -> None:
        """HQ holds every event up to and including `through_seq`."""

    def depth(self) -> tuple[int, datetime | None]:
        """(number of unacknowledged events, occurred_at of the oldest of them)."""


class ChangeSinkPort(Protocol):
    def cursor(self) -> int:
        """The cursor of the last change applied (0 before the first pull)."""

    def apply(self, changes: list[Change], next_cursor: int) -> None:
        """Apply one page of changes and store next_cursor, in one short transaction."""


@dataclass(frozen=True, slots=True)
class SyncOutcome:
    kind: str  # "push" | "pull"
    ok: bool
    at: datetime
    error: str | None = None
    pushed: int = 0
    pulled: int = 0
    # Added for sync.engine (compatible: defaults at the end).
    skipped: bool = False  # not attempted: backing off after a failure (nothing recorded)
    more: bool = False  # the run stopped at its per-run bound; more is waiting on this side


class StatusPort(Protocol):
    def record(self, outcome: SyncOutcome) -> None:
        """Persist the outcome so the window and `pos-till status` can show it."""


class TransportError(Exception):
    """HQ could not be reached or answered something unusable. The message is for the log."""


class AuthError(TransportError):
    """HQ refused the device token (revoked, or the till was never enrolled)."""


class SeqGapError(TransportError):
    def __init__(self, expected_seq: int) -> None:
        super().__init__(f"HQ expects seq {expected_seq} next")
        self.expected_seq = expected_seq


class Transport(Protocol):
    def push(self, request: PushRequest) -> PushResponse: ...

    def changes(self, since: int, limit: int) -> ChangesResponse: ...
