"""Push the outbox to HQ and pull HQ's changes (DESIGN §7), over ports; no threads, no sleeping.

One `SyncEngine` serves one till. Runs are serialised by a lock (the scheduler calls from a
thread pool); every run that talks to HQ records its outcome through the StatusPort. After a
failure the engine backs off exponentially with jitter; `due()` tells the scheduler whether a
background run may go ahead, and `force=True` (a user-triggered sync) ignores the backoff.
"""

from __future__ import annotations

import logging
import random
import re
import threading
from collections.abc import Callable
from datetime import datetime, timedelta

from sync.ports import (
    ChangeSinkPort,
    OutboxPort,
    SeqGapError,
    StatusPort,
    SyncOutcome,
    Transport,
    TransportError,
)
from sync.protocol import MAX_PUSH_EVENTS, ChangesResponse, PushRequest, PushResponse

logger = logging.getLogger(__name__)

PUSH = "push"
PULL = "pull"

MAX_PUSH_BATCHES = 40  # per run: 40 × 500 = 20,000 events before the run yields
MAX_GAP_RESENDS = 2  # per run: how often HQ may send us back with a 409 before we give up
PULL_LIMIT = 500
MAX_PULL_PAGES = 200  # per run: 200 × 500 = 100,000 changes before the run yields
BACKOFF_BASE = 2.0  # seconds
BACKOFF_CAP = 300.0  # seconds
_ERROR_MAX = 300  # characters of an error message kept for the log / status bar


class _RunFailed(Exception):
    """A run cannot go on; the message is the outcome's error text."""


class SyncEngine:
    def __init__(
        self,
        outbox: OutboxPort,
        sink: ChangeSinkPort,
        status: StatusPort,
        transport: Transport,
        terminal_id: str,
        app_version: str,
        clock: Callable[[], datetime],
        rng: random.Random | None = None,
        *,
        push_batch: int = MAX_PUSH_EVENTS,
        max_push_batches: int = MAX_PUSH_BATCHES,
        max_gap_resends: int = MAX_GAP_RESENDS,
        pull_limit: int = PULL_LIMIT,
        max_pull_pages: int = MAX_PULL_PAGES,
        backoff_base: float = BACKOFF_BASE,
        backoff_cap: float = BACKOFF_CAP,
    ) -> None:
        if not 1 <= push_batch <= MAX_PUSH_EVENTS:
            raise ValueError(f"push_batch must be between 1 and {MAX_PUSH_EVENTS}")
        if min(max_push_batches, pull_limit, max_pull_pages) < 1 or max_gap_resends < 0:
            raise ValueError("batch, page and resend limits must be positive")
        if not 0 < backoff_base <= backoff_cap:
            raise ValueError("backoff needs 0 < base <= cap")
        self.outbox = outbox
        self.sink = sink
        self.status = status
        self.transport = transport
        self.terminal_id = terminal_id
        self.app_version = app_version
        self.clock = clock
        self.rng = rng if rng is not None else random.Random()
        self.push_batch = push_batch
        self.max_push_batches = max_push_batches
        self.max_gap_resends = max_gap_resends
        self.pull_limit = pull_limit
        self.max_pull_pages = max_pull_pages
        self.backoff_base = backoff_base
        self.backoff_cap = backoff_cap
        self._run_lock = threading.Lock()  # one push or pull at a time
        self._state_lock = threading.Lock()  # guards the backoff state below
        self._failures = 0
        self._next_attempt_at: datetime | None = None

    # --- backoff --------------------------------------------------------------------------

    @property
    def failures(self) -> int:
        """Failed runs in a row since the last success."""
        with self._state_lock:
            return self._failures

    @property
    def next_attempt_at(self) -> datetime | None:
        """When a background run may try again; None when not backing off."""
        with self._state_lock:
            return self._next_attempt_at

    def due(self, now: datetime | None = None) -> bool:
        """May a background (not user-forced) run go ahead at `now`?"""
        now = self.clock() if now is None else now
        with self._state_lock:
            return self._next_attempt_at is None or now >= self._next_attempt_at

    def backoff_delay(self, failures: int) -> float:
        """Seconds to wait after `failures` failed runs in a row: base·2^(n-1) capped, with
        equal jitter (somewhere in the upper half), so tills that lost HQ together do not all
        come back at the same instant."""
        if failures <= 0:
            return 0.0
        ceiling = min(self.backoff_cap, self.backoff_base * 2 ** min(failures - 1, 32))
        return ceiling / 2 + self.rng.uniform(0, ceiling / 2)

    def _succeeded(self) -> None:
        with self._state_lock:
            self._failures = 0
            self._next_attempt_at = None

    def _failed(self, at: datetime) -> None:
        with self._state_lock:
            self._failures += 1
            delay = self.backoff_delay(self._failures)
            self._next_attempt_at = at + timedelta(seconds=delay)

    # --- runs -----------------------------------------------------------------------------

    def run_once(self, force: bool = False) -> list[SyncOutcome]:
        """Push, then pull. A failed push skips the pull (HQ is most likely unreachable)."""
        push = self.push_once(force=force)
        if not push.ok and not push.skipped:
            return [push]
        return [push, self.pull_once(force=force)]

    def push_once(self, force: bool = False) -> SyncOutcome:
        """Send unacknowledged events in batches until none are left (or the run's bound).

        With nothing to send, no request is made and nothing is recorded (the outcome says
        ok with pushed=0): an idle interval must neither claim HQ is reachable nor reset the
        backoff.
        """
        return self._run(PUSH, force, self._push)

    def pull_once(self, force: bool = False) -> SyncOutcome:
        """Page through HQ's changes from the stored cursor until has_more is false (or the
        run's bound), applying each page with its cursor."""
        return self._run(PULL, force, self._pull)

    def _run(self, kind: str, force: bool, body: Callable[[], tuple[int, bool, bool]]
             ) -> SyncOutcome:
        with self._run_lock:
            now = self.clock()
            if not force and not self.due(now):
                wait_until = self.next_attempt_at
                until = wait_until.isoformat(timespec="seconds") if wait_until else "?"
                return SyncOutcome(kind, ok=False, at=now, skipped=True,
                                   error=f"waiting to retry until {until}")
            count, contacted, more = 0, True, False
            try:
                count, contacted, more = body()
            except TransportError as exc:
                outcome = self._failure(kind, _short(str(exc)) or type(exc).__name__)
                logger.warning("sync %s failed: %s", kind, outcome.error)
            except _RunFailed as exc:
                outcome = self._failure(kind, _short(str(exc)))
                logger.warning("sync %s failed: %s", kind, outcome.error)
            except Exception as exc:  # a port or a bug: record it, never kill the caller
                logger.exception("sync %s failed unexpectedly", kind)
                outcome = self._failure(kind, _short(f"{kind} failed: {type(exc).__name__}: {exc}"))
            else:
                at = self.clock()
                if not contacted:
                    return SyncOutcome(kind, ok=True, at=at)
                self._succeeded()
                outcome = SyncOutcome(kind, ok=True, at=at, more=more,
                                      pushed=count if kind == PUSH else 0,
                                      pulled=count if kind == PULL else 0)
            self._record(outcome)
            return outcome

    def _failure(self, kind: str, error: str) -> SyncOutcome:
        at = self.clock()
        self._failed(at)
        return SyncOutcome(kind, ok=False, at=at, error=error)

    def _record(self, outcome: SyncOutcome) -> None:
        try:
            self.status.record(outcome)
        except Exception:  # the status line is informational; the run's result stands
            logger.exception("could not record the sync outcome %r", outcome)

    # --- push -----------------------------------------------------------------------------

    def _push(self) -> tuple[int, bool, bool]:
        """Returns (events HQ newly holds, whether HQ was contacted, whether more is left)."""
        batch = self.outbox.unacked(self.push_batch)
        if not batch:
            return 0, False, False
        delivered: set[int] = set()
        resends = 0
        for _ in range(self.max_push_batches):
            try:
                response = self.transport.push(self._push_request(batch))
            except SeqGapError as gap:
                resends += 1
                if resends > self.max_gap_resends:
                    raise _RunFailed(f"HQ keeps asking for events from seq {gap.expected_seq}; "
                                     f"gave up after {self.max_gap_resends} resends") from gap
                logger.info("HQ expects seq %d next; resending from there", gap.expected_seq)
                batch = self.outbox.events_from(max(gap.expected_seq, 1), self.push_batch)
                if not batch:
                    raise _RunFailed(f"HQ expects seq {gap.expected_seq} but this till's "
                                     "journal has no such event") from gap
                continue
            self._note_results(response)
            # Never ack past what this request carried: HQ vouches only for what it saw.
            acked = min(response.acked_through_seq, batch[-1].seq)
            if acked < batch[0].seq:
                raise _RunFailed(f"HQ acknowledged none of seq {batch[0].seq}–{batch[-1].seq} "
                                 f"(acked through {response.acked_through_seq})")
            self.outbox.mark_acked(acked)
            delivered.update(e.seq for e in batch if e.seq <= acked)
            batch = self.outbox.unacked(self.push_batch)
            if not batch:
                return len(delivered), True, False
        logger.info("push stopped after %d batches; more is waiting", self.max_push_batches)
        return len(delivered), True, True

    def _push_request(self, events: list) -> PushRequest:
        # What still waits at the till once HQ stores this batch: a drained till reads 0.
        depth, _oldest = self.outbox.depth()
        after = self.outbox.events_from(events[-1].seq + 1, 1) if events else []
        return PushRequest(
            terminal_id=self.terminal_id, events=events,
            outbox_depth=max(0, depth - len(events)),
            oldest_pending_at=after[0].occurred_at if after else None,
            app_version=self.app_version, terminal_time=self.clock().isoformat(),
        )

    def _note_results(self, response: PushResponse) -> None:
        for result in response.results:
            if result.status in ("conflict", "quarantined"):
                # HQ holds these and shows them on its dashboard; for the till they are sent.
                logger.warning("HQ %s event seq %d: %s", result.status, result.seq,
                               result.detail or "no detail")
        if _version_tuple(self.app_version) < _version_tuple(response.min_app_version):
            logger.warning("HQ wants app version %s or newer; this till runs %s",
                           response.min_app_version, self.app_version)

    # --- pull -----------------------------------------------------------------------------

    def _pull(self) -> tuple[int, bool, bool]:
        cursor = self.sink.cursor()
        pulled = 0
        for _ in range(self.max_pull_pages):
            page = self.transport.changes(cursor, self.pull_limit)
            changes = self._checked_page(page, cursor)
            self.sink.apply(changes, page.next_cursor)
            pulled += len(changes)
            cursor = page.next_cursor
            if not page.has_more:
                return pulled, True, False
        logger.info("pull stopped after %d pages; more is waiting", self.max_pull_pages)
        return pulled, True, True

    @staticmethod
    def _checked_page(page: ChangesResponse, since: int) -> list:
        if page.next_cursor < since:
            raise _RunFailed(f"HQ sent cursor {page.next_cursor}, behind ours ({since})")
        if page.has_more and page.next_cursor == since and not page.changes:
            raise _RunFailed(f"HQ says more changes follow cursor {since} but sent none")
        changes = sorted(page.changes, key=lambda c: c.cursor)  # stable: HQ order on ties
        if changes and changes[-1].cursor > page.next_cursor:
            raise _RunFailed(f"HQ sent change {changes[-1].cursor} past its next cursor "
                             f"{page.next_cursor}")
        return changes


def _short(text: str) -> str:
    line = " ".join(text.split())
    return line if len(line) <= _ERROR_MAX else line[: _ERROR_MAX - 1] + "…"


def _version_tuple(version: str) -> tuple[int, ...]:
    """'1.2.3' → (1, 2, 3); stops at the first piece that does not start with a digit."""
    parts = []
    for piece in version.split("."):
        match = re.match(r"\d+", piece)
        if match is None:
            break
        parts.append(int(match.group()))
    return tuple(parts)
