"""Background sync on APScheduler 3 (DESIGN §7): push on an interval and soon after each sale
(debounced), pull on an interval, honour the engine's backoff, report every outcome.

This is the only module that imports APScheduler. Jobs run on a small pool of daemon threads,
so a request hanging on a dead HQ can never keep the till from closing: `shutdown()` waits a
bounded time for running jobs, then leaves them to finish (or die with the process).
"""

from __future__ import annotations

import logging
import queue
import threading
import time
from collections.abc import Callable
from datetime import UTC, datetime, timedelta
from typing import Any, Protocol

from apscheduler.executors.base import BaseExecutor, run_job
from apscheduler.schedulers.background import BackgroundScheduler
from apscheduler.triggers.date import DateTrigger
from apscheduler.triggers.interval import IntervalTrigger

from sync.ports import SyncOutcome

logger = logging.getLogger(__name__)

PUSH_JOB = "sync-push"  # interval push
PULL_JOB = "sync-pull"  # interval pull
PUSH_SOON_JOB = "sync-push-soon"  # one-shot push after a sale (debounced) or to drain more
PULL_SOON_JOB = "sync-pull-soon"  # one-shot pull to continue a run that hit its bound
SYNC_NOW_JOB = "sync-now"  # user-triggered push + pull, ignoring backoff

MISFIRE_GRACE = 30  # seconds a job may start late (busy pool) before it is skipped
SHUTDOWN_WAIT = 1.5  # seconds shutdown(wait=True) waits for running jobs


class SyncRunner(Protocol):
    """What the scheduler needs from sync.engine.SyncEngine."""

    def push_once(self, force: bool = False) -> SyncOutcome: ...

    def pull_once(self, force: bool = False) -> SyncOutcome: ...

    def due(self, now: datetime | None = None) -> bool: ...


class _DaemonPoolExecutor(BaseExecutor):
    """A fixed pool of daemon worker threads (concurrent.futures workers are not daemons, and
    the interpreter would wait at exit for a request stuck on a dead HQ)."""

    def __init__(self, workers: int, join_timeout: float) -> None:
        super().__init__()
        self._workers = workers
        self._join_timeout = join_timeout
        self._queue: queue.SimpleQueue[tuple[Any, list[datetime]] | None] = queue.SimpleQueue()
        self._threads: list[threading.Thread] = []

    def start(self, scheduler: Any, alias: str) -> None:
        super().start(scheduler, alias)
        for n in range(self._workers):
            thread = threading.Thread(target=self._work, name=f"sync-worker-{n}", daemon=True)
            thread.start()
            self._threads.append(thread)

    def _do_submit_job(self, job: Any, run_times: list[datetime]) -> None:
        self._queue.put((job, run_times))

    def _work(self) -> None:
        while (item := self._queue.get()) is not None:
            job, run_times = item
            try:
                events = run_job(job, job._jobstore_alias, run_times, self._logger.name)
            except BaseException as exc:
                self._run_job_error(job.id, exc, exc.__traceback__)
            else:
                self._run_job_success(job.id, events)

    def shutdown(self, wait: bool = True) -> None:
        for _ in self._threads:
            self._queue.put(None)
        if wait:
            deadline = time.monotonic() + self._join_timeout
            for thread in self._threads:
                thread.join(max(0.0, deadline - time.monotonic()))
        still = [t.name for t in self._threads if t.is_alive()]
        if still:
            logger.info("left %s to finish in the background", ", ".join(still))


class SyncScheduler:
    def __init__(
        self,
        engine: SyncRunner,
        push_interval: float = 10.0,
        pull_interval: float = 60.0,
        debounce: float = 1.0,
        on_outcome: Callable[[SyncOutcome], None] | None = None,
        *,
        initial_delay: float = 2.0,
        workers: int = 2,
        shutdown_wait: float = SHUTDOWN_WAIT,
        clock: Callable[[], datetime] | None = None,
    ) -> None:
        if min(push_interval, pull_interval) <= 0 or min(debounce, initial_delay) < 0:
            raise ValueError("intervals must be positive and delays not negative")
        self.engine = engine
        self.push_interval = push_interval
        self.pull_interval = pull_interval
        self.debounce = debounce
        self.initial_delay = initial_delay
        self.on_outcome = on_outcome
        self._clock = clock or (lambda: datetime.now(UTC))
        self._lock = threading.Lock()
        self._started = False
        self._stopping = threading.Event()
        self._scheduler = BackgroundScheduler(
            executors={"default": _DaemonPoolExecutor(workers, shutdown_wait)},
            job_defaults={"coalesce": True, "max_instances": 1,
                          "misfire_grace_time": MISFIRE_GRACE},
            timezone=UTC, daemon=True,
        )

    @property
    def running(self) -> bool:
        return self._started and not self._stopping.is_set()

    def start(self) -> None:
        """Start the interval jobs (first runs `initial_delay` seconds from now). Idempotent."""
        with self._lock:
            if self._started or self._stopping.is_set():
                return
            self._started = True
            now = datetime.now(UTC)
            self._scheduler.add_job(
                self._run, IntervalTrigger(seconds=self.push_interval, timezone=UTC),
                args=("push",), id=PUSH_JOB, replace_existing=True,
                next_run_time=now + timedelta(seconds=self.initial_delay))
            self._scheduler.add_job(
                self._run, IntervalTrigger(seconds=self.pull_interval, timezone=UTC),
                args=("pull",), id=PULL_JOB, replace_existing=True,
                next_run_time=now + timedelta(seconds=self.initial_delay))
            self._scheduler.start()

    def trigger_push(self) -> None:
        """Push `debounce` seconds from now (a sale was just committed). Calls while a
        triggered push is still pending join it, so a burst of sales makes one push, at most
        `debounce` after the first of them."""
        self._once(PUSH_SOON_JOB, self.debounce, "push")

    def sync_now(self) -> None:
        """Push then pull right away on a worker, ignoring backoff (the user asked)."""
        self._once(SYNC_NOW_JOB, 0.0, "both", force=True)

    def shutdown(self, wait: bool = True) -> None:
        """Stop scheduling; with wait, give running jobs up to `shutdown_wait` seconds.
        Idempotent; returns quickly even when HQ hangs (worker threads are daemons)."""
        with self._lock:
            if self._stopping.is_set():
                return
            self._stopping.set()
            started = self._started
        if started and self._scheduler.running:
            self._scheduler.shutdown(wait=wait)

    # --- internals ------------------------------------------------------------------------

    def _once(self, job_id: str, delay: float, what: str, force: bool = False) -> None:
        with self._lock:
            if not self._started or self._stopping.is_set():
                return
            if self._scheduler.get_job(job_id) is not None:
                return  # already pending: this request joins it
            run_at = datetime.now(UTC) + timedelta(seconds=delay)
            self._scheduler.add_job(self._run, DateTrigger(run_date=run_at, timezone=UTC),
                                    args=(what,), kwargs={"force": force}, id=job_id,
                                    replace_existing=True)

    def _run(self, what: str, force: bool = False) -> None:
        """A job: skip while backing off (unless forced), run, report, continue if bounded."""
        if self._stopping.is_set():
            return
        if not force and not self.engine.due(self._clock()):
            logger.debug("sync %s skipped: backing off", what)
            return
        if what in ("push", "both"):
            push = self._call(self.engine.push_once, force)
            if push is None or what == "push" or not (push.ok or push.skipped):
                return
            if self._stopping.is_set():
                return
        self._call(self.engine.pull_once, force)

    def _call(self, run: Callable[..., SyncOutcome], force: bool) -> SyncOutcome | None:
        try:
            outcome = run(force=force)
        except Exception:  # the engine records its own failures; this is a bug, keep going
            logger.exception("sync run raised")
            return None
        if outcome.more and not self._stopping.is_set():
            if outcome.kind == "pull":
                self._once(PULL_SOON_JOB, self.debounce, "pull")
            else:
                self._once(PUSH_SOON_JOB, self.debounce, "push")
        if outcome.skipped or self._stopping.is_set() or self.on_outcome is None:
            return outcome
        try:
            self.on_outcome(outcome)
        except Exception:
            logger.exception("on_outcome callback failed")
        return outcome
