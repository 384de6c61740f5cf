"""Running slow device and database work (printing, reports) off the UI thread and reporting
back to it.

The work runs on one Python thread (a single-thread executor: jobs run in the order they were
submitted, so receipts print in order). Outcomes come back through a plain queue that the UI
thread drains on a short timer while jobs are out, and the callbacks run there.

The worker thread never holds the last reference to anything that may own a Qt object: a
job's callable (a closure over a dialog, say) and its outcome stay referenced from the UI
thread until that thread has delivered them. When the last reference to a Qt wrapper goes
away on another thread, PySide deletes the C++ object later on the UI thread, and if a parent
has deleted it meanwhile the process crashes. (An earlier version emitted Qt signals from the
pool thread and let it drop job closures; that crashed now and then.)
"""

from __future__ import annotations

import itertools
import logging
import queue
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from dataclasses import dataclass, field
from typing import Any

from pos_app.qt import QObject, QTimer, Slot

log = logging.getLogger(__name__)

POLL_MS = 15  # how soon an outcome reaches the UI thread; the timer runs only while jobs are out


@dataclass
class _Jobs:
    """What the worker thread may touch: plain Python only, no Qt objects."""

    calls: dict[int, Callable[[], Any]] = field(default_factory=dict)
    outcomes: dict[int, tuple[bool, object]] = field(default_factory=dict)
    done: queue.SimpleQueue = field(default_factory=queue.SimpleQueue)


def _run_job(jobs: _Jobs, job_id: int) -> None:
    """On the worker thread. Every reference it takes is dropped before it reports."""
    call = jobs.calls[job_id]
    try:
        jobs.outcomes[job_id] = (True, call())
    except Exception as exc:  # reported to the UI thread, which decides what to show
        jobs.outcomes[job_id] = (False, exc)
    del call
    jobs.done.put(job_id)


class Worker(QObject):
    """One background thread; jobs run in submission order."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="till-worker")
        self._ids = itertools.count(1)
        self._jobs = _Jobs()
        self._callbacks: dict[int, tuple[Callable[[Any], None],
                                         Callable[[BaseException], None]]] = {}
        self._futures: set[Future] = set()
        self._timer = QTimer(self)
        self._timer.setInterval(POLL_MS)
        self._timer.timeout.connect(self._deliver)

    def submit(self, call: Callable[[], Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> int:
        """Run call() off the UI thread; then on_success(result) or on_failure(exc) on it."""
        job_id = next(self._ids)
        self._jobs.calls[job_id] = call
        self._callbacks[job_id] = (on_success, on_failure)
        future = self._executor.submit(_run_job, self._jobs, job_id)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        if not self._timer.isActive():
            self._timer.start()
        return job_id

    def busy(self) -> bool:
        return bool(self._callbacks)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until running jobs finish (their outcomes are still delivered by the loop)."""
        _done, not_done = wait_for_futures(list(self._futures), timeout=msecs / 1000)
        return not not_done

    @Slot()
    def _deliver(self) -> None:
        while True:
            try:
                job_id = self._jobs.done.get_nowait()
            except queue.Empty:
                break
            self._jobs.calls.pop(job_id, None)
            ok, value = self._jobs.outcomes.pop(job_id)
            on_success, on_failure = self._callbacks.pop(job_id)
            if ok:
                on_success(value)
            else:
                on_failure(value)  # type: ignore[arg-type]
        if not self._callbacks:
            self._timer.stop()
