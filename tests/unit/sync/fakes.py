"""Hand-written in-memory fakes of the sync ports (sync/ports.py) and a tiny fake HQ."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sync.ports import SeqGapError, SyncOutcome
from sync.protocol import (
    GENESIS_HASH,
    Change,
    ChangesResponse,
    EventEnvelope,
    PushRequest,
    PushResponse,
    PushResult,
    event_hash,
)

T0 = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
TERMINAL = "0190b0c0-0000-7000-8000-000000000001"


def make_events(n: int, start: datetime = T0) -> list[EventEnvelope]:
    events, prev = [], GENESIS_HASH
    for seq in range(1, n + 1):
        fields = {
            "event_id": f"0190b0c0-{seq:04x}-7000-8000-{seq:012d}", "terminal_id": TERMINAL,
            "seq": seq, "type": "sale.completed", "v": 1,
            "occurred_at": (start + timedelta(seconds=seq)).isoformat(),
            "hlc": f"{seq:016d}", "business_date": "2024-05-01", "store_id": "S001",
            "actor_id": "staff-1", "payload": {"sale_id": f"sale-{seq}", "total_fen": 100 * seq},
            "prev_hash": prev,
        }
        fields["hash"] = prev = event_hash(fields)
        events.append(EventEnvelope(**fields))
    return events


class FakeClock:
    def __init__(self, now: datetime = T0) -> None:
        self.now = now

    def __call__(self) -> datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += timedelta(seconds=seconds)


class FakeOutbox:
    """Like the till's outbox: acks never move backwards."""

    def __init__(self, events: list[EventEnvelope], acked: int = 0) -> None:
        self.events = events
        self.acked = acked
        self.ack_calls: list[int] = []

    def unacked(self, limit: int) -> list[EventEnvelope]:
        return [e for e in self.events if e.seq > self.acked][:limit]

    def events_from(self, seq: int, limit: int) -> list[EventEnvelope]:
        return [e for e in self.events if e.seq >= seq][:limit]

    def mark_acked(self, through_seq: int) -> None:
        self.ack_calls.append(through_seq)
        self.acked = max(self.acked, through_seq)

    def depth(self) -> tuple[int, datetime | None]:
        pending = [e for e in self.events if e.seq > self.acked]
        oldest = datetime.fromisoformat(pending[0].occurred_at) if pending else None
        return len(pending), oldest


class FakeSink:
    def __init__(self, cursor: int = 0) -> None:
        self.stored_cursor = cursor
        self.pages: list[tuple[list[Change], int]] = []
        self.fail_with: Exception | None = None

    def cursor(self) -> int:
        return self.stored_cursor

    def apply(self, changes: list[Change], next_cursor: int) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.pages.append((list(changes), next_cursor))
        self.stored_cursor = next_cursor


class FakeStatus:
    def __init__(self) -> None:
        self.outcomes: list[SyncOutcome] = []

    def record(self, outcome: SyncOutcome) -> None:
        self.outcomes.append(outcome)


class FakeHq:
    """A Transport that behaves like HQ: idempotent on seq, 409 on a gap, paged changes.

    `fail_next` holds exceptions to raise on the next calls, one per call; `respond` can
    replace the push logic entirely."""

    def __init__(self, last_seq: int = 0, changes: int = 0) -> None:
        self.last_seq = last_seq
        self.applied: list[int] = []
        self.pushes: list[PushRequest] = []
        self.responses: list[PushResponse] = []
        self.change_calls: list[tuple[int, int]] = []
        self.catalog = [Change(cursor=c, entity="product", key=f"p{c}", op="upsert",
                               data={"n": c}) for c in range(1, changes + 1)]
        self.fail_next: list[Exception] = []
        self.respond: Callable[[PushRequest], PushResponse] | None = None
        self.statuses: dict[int, str] = {}
        self.calls_in_flight = 0
        self.max_in_flight = 0
        self.delay = 0.0
        self._lock = threading.Lock()

    def _enter(self) -> None:
        with self._lock:
            self.calls_in_flight += 1
            self.max_in_flight = max(self.max_in_flight, self.calls_in_flight)
        if self.delay:
            time.sleep(self.delay)
        if self.fail_next:
            with self._lock:
                self.calls_in_flight -= 1
            raise self.fail_next.pop(0)

    def _leave(self) -> None:
        with self._lock:
            self.calls_in_flight -= 1

    def push(self, request: PushRequest) -> PushResponse:
        self.pushes.append(request)  # every attempt, failed or not
        self._enter()
        try:
            if self.respond is not None:
                return self.respond(request)
            first = request.events[0].seq
            if first > self.last_seq + 1:
                raise SeqGapError(self.last_seq + 1)
            results = []
            for event in request.events:
                if event.seq <= self.last_seq:
                    results.append(PushResult(seq=event.seq, status="duplicate"))
                else:
                    status = self.statuses.get(event.seq, "applied")
                    results.append(PushResult(seq=event.seq, status=status,
                                              detail=None if status == "applied" else "held"))
                    self.applied.append(event.seq)
                    self.last_seq = event.seq
            response = PushResponse(acked_through_seq=self.last_seq, results=results,
                                    server_time=T0.isoformat(), min_app_version="0.1.0")
            self.responses.append(response)
            return response
        finally:
            self._leave()

    def changes(self, since: int, limit: int) -> ChangesResponse:
        self.change_calls.append((since, limit))
        self._enter()
        try:
            page = [c for c in self.catalog if c.cursor > since][:limit]
            next_cursor = page[-1].cursor if page else since
            has_more = any(c.cursor > next_cursor for c in self.catalog)
            return ChangesResponse(changes=page, next_cursor=next_cursor, has_more=has_more)
        finally:
            self._leave()
