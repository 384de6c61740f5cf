"""SyncScheduler on real APScheduler threads with a fake engine."""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Iterator
from datetime import UTC, datetime

import pytest

from sync.ports import SyncOutcome
from sync.scheduler import SyncScheduler

LONG = 3600.0  # an interval that never fires during a test


class FakeEngine:
    def __init__(self) -> None:
        self.calls: list[tuple[str, bool, str]] = []  # (kind, force, thread name)
        self.is_due = True
        self.due_checks = 0
        self.block: threading.Event | None = None
        self.entered = threading.Event()
        self.more = {"push": 0, "pull": 0}  # how many runs in a row report more=True
        self._lock = threading.Lock()

    def due(self, now: datetime | None = None) -> bool:
        assert now is None or now.tzinfo is not None
        with self._lock:
            self.due_checks += 1
        return self.is_due

    def _run(self, kind: str, force: bool) -> SyncOutcome:
        with self._lock:
            self.calls.append((kind, force, threading.current_thread().name))
            more = self.more[kind] > 0
            self.more[kind] -= more
        self.entered.set()
        if self.block is not None:
            self.block.wait(10)
        return SyncOutcome(kind, ok=True, at=datetime.now(UTC), more=more)

    def push_once(self, force: bool = False) -> SyncOutcome:
        return self._run("push", force)

    def pull_once(self, force: bool = False) -> SyncOutcome:
        return self._run("pull", force)

    def count(self, kind: str) -> int:
        with self._lock:
            return sum(1 for k, _f, _t in self.calls if k == kind)


def wait_for(condition: Callable[[], bool], timeout: float = 3.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.01)
    return condition()


@pytest.fixture
def engine() -> FakeEngine:
    return FakeEngine()


@pytest.fixture
def make(engine) -> Iterator[Callable[..., SyncScheduler]]:
    made: list[SyncScheduler] = []

    def factory(**kwargs) -> SyncScheduler:
        kwargs = {"push_interval": LONG, "pull_interval": LONG, "debounce": 0.2,
                  "initial_delay": LONG, **kwargs}
        scheduler = SyncScheduler(engine, **kwargs)
        made.append(scheduler)
        scheduler.start()
        return scheduler

    yield factory
    if engine.block is not None:
        engine.block.set()
    for scheduler in made:
        scheduler.shutdown()


def test_a_burst_of_triggers_makes_one_push_after_the_debounce(engine, make):
    scheduler = make(debounce=0.2)
    started = time.monotonic()
    for _ in range(5):
        scheduler.trigger_push()
        time.sleep(0.01)
    assert engine.count("push") == 0  # not before the debounce
    assert wait_for(lambda: engine.count("push") == 1)
    assert time.monotonic() - started >= 0.2
    time.sleep(0.35)  # nothing else follows the burst
    assert engine.calls[0][:2] == ("push", False) and engine.count("push") == 1
    assert engine.count("pull") == 0

    scheduler.trigger_push()  # a later sale makes a new push
    assert wait_for(lambda: engine.count("push") == 2)


def test_a_steady_stream_of_sales_still_pushes_within_the_debounce(engine, make):
    scheduler = make(debounce=0.2)
    started = time.monotonic()
    first_push_at = None
    while time.monotonic() - started < 0.6:  # a sale every 50 ms, longer than the debounce
        scheduler.trigger_push()
        if first_push_at is None and engine.count("push"):
            first_push_at = time.monotonic() - started
        time.sleep(0.05)
    assert first_push_at is not None and first_push_at < 0.45  # not postponed until quiet
    assert 2 <= engine.count("push") <= 4


def test_interval_jobs_run_on_worker_threads_and_report_outcomes(engine, make):
    outcomes: list[tuple[str, str]] = []
    make(push_interval=0.1, pull_interval=0.15, initial_delay=0.0,
         on_outcome=lambda o: outcomes.append((o.kind, threading.current_thread().name)))
    assert wait_for(lambda: engine.count("push") >= 3 and engine.count("pull") >= 2)
    assert all(not force for _k, force, _t in engine.calls)
    assert {t for _k, _f, t in engine.calls} <= {"sync-worker-0", "sync-worker-1"}
    assert outcomes and all(name.startswith("sync-worker-") for _k, name in outcomes)
    assert {kind for kind, _n in outcomes} == {"push", "pull"}


def test_jobs_skip_while_the_engine_backs_off_but_sync_now_forces(engine, make):
    engine.is_due = False
    outcomes: list[SyncOutcome] = []
    scheduler = make(push_interval=0.05, pull_interval=0.05, initial_delay=0.0,
                     on_outcome=outcomes.append)
    scheduler.trigger_push()
    assert wait_for(lambda: engine.due_checks >= 5)
    time.sleep(0.25)
    assert engine.calls == [] and outcomes == []

    scheduler.sync_now()
    assert wait_for(lambda: engine.count("pull") == 1)
    assert [(k, f) for k, f, _t in engine.calls] == [("push", True), ("pull", True)]
    assert [o.kind for o in outcomes] == ["push", "pull"]

    engine.is_due = True  # backoff over: the interval jobs run again
    assert wait_for(lambda: engine.count("push") >= 3)


def test_shutdown_is_quick_even_while_a_run_hangs_and_is_idempotent(engine, make):
    engine.block = threading.Event()
    outcomes: list[SyncOutcome] = []
    scheduler = make(on_outcome=outcomes.append)
    scheduler.sync_now()
    assert engine.entered.wait(3)

    started = time.monotonic()
    scheduler.shutdown(wait=True)
    assert time.monotonic() - started < 2
    assert not scheduler.running
    again = time.monotonic()
    scheduler.shutdown(wait=True)
    scheduler.shutdown(wait=False)
    assert time.monotonic() - again < 0.1

    scheduler.trigger_push()  # ignored after shutdown
    scheduler.sync_now()
    engine.block.set()  # the hung request finally returns…
    time.sleep(0.2)
    assert outcomes == []  # …but nobody is told any more (the window may be gone)
    assert [k for k, _f, _t in engine.calls] == ["push"]


def test_shutdown_without_start_and_start_twice_are_harmless(engine):
    idle = SyncScheduler(engine)
    idle.shutdown()
    idle.start()  # too late: stays stopped
    assert not idle.running

    scheduler = SyncScheduler(engine, push_interval=LONG, pull_interval=LONG,
                              initial_delay=0.0)
    scheduler.start()
    scheduler.start()
    try:
        assert scheduler.running
        assert wait_for(lambda: engine.count("push") == 1 and engine.count("pull") == 1)
        time.sleep(0.1)
        assert engine.count("push") == 1  # one set of jobs, not two
    finally:
        scheduler.shutdown()


def test_a_run_that_stopped_at_its_bound_is_continued_soon(engine, make):
    engine.more["pull"] = 2
    engine.more["push"] = 1
    scheduler = make(debounce=0.05)
    scheduler.sync_now()
    assert wait_for(lambda: engine.count("pull") == 3 and engine.count("push") == 2)
    time.sleep(0.2)
    assert (engine.count("push"), engine.count("pull")) == (2, 3)
    follow_ups = [f for _k, f, _t in engine.calls[2:]]
    assert follow_ups and not any(follow_ups)  # follow-ups are ordinary, not forced


def test_a_failing_callback_does_not_stop_the_jobs(engine, make):
    def explode(outcome: SyncOutcome) -> None:
        raise RuntimeError("the window is gone")

    make(push_interval=0.05, initial_delay=0.0, on_outcome=explode)
    assert wait_for(lambda: engine.count("push") >= 3)


def test_bad_intervals_are_refused(engine):
    with pytest.raises(ValueError):
        SyncScheduler(engine, push_interval=0)
