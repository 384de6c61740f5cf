"""Running slow device and database work (printing, reports) off the UI thread and reporting
back to it.

The work runs on one Python thread (a single-thread executor: jobs run in the order they
were submitted, so receipts print in order). Outcomes come back through one signal of the
`Worker`, a QObject living on the UI thread; Qt queues a signal emitted from another thread,
so the callbacks run on the UI thread.

No Qt object is made per job. (An earlier version gave each job a QRunnable with its own
signal QObject; the UI thread could free those while the pool thread was still returning
from the job, which crashed the process now and then.)
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from concurrent.futures import Future, ThreadPoolExecutor
from concurrent.futures import wait as wait_for_futures
from typing import Any

from pos_app.qt import QObject, Qt, Signal, Slot

log = logging.getLogger(__name__)


class Worker(QObject):
    """One background thread; jobs run in submission order."""

    #: (job id, succeeded, result or exception), emitted on the worker thread.
    _finished = Signal(int, bool, object)

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="till-worker")
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Callable[[Any], None], Callable[[BaseException], None]]]
        self._pending = {}
        self._futures: set[Future] = set()
        self._finished.connect(self._deliver, Qt.ConnectionType.QueuedConnection)

    def submit(self, call: Callable[[], Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> int:
        """Run call() off the UI thread; then on_success(result) or on_failure(exc) on it."""
        job_id = next(self._ids)
        self._pending[job_id] = (on_success, on_failure)
        future = self._executor.submit(self._run, job_id, call)
        self._futures.add(future)
        future.add_done_callback(self._futures.discard)
        return job_id

    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until running jobs finish (their outcomes are still delivered by the loop)."""
        _done, not_done = wait_for_futures(list(self._futures), timeout=msecs / 1000)
        return not not_done

    def _run(self, job_id: int, call: Callable[[], Any]) -> None:
        try:
            result = call()
        except Exception as exc:  # reported to the UI thread, which decides what to show
            self._report(job_id, False, exc)
            return
        self._report(job_id, True, result)

    def _report(self, job_id: int, ok: bool, value: object) -> None:
        try:
            self._finished.emit(job_id, ok, value)
        except RuntimeError:  # the window (and this worker) closed while the job ran
            log.info("a background job finished after its window closed")

    @Slot(int, bool, object)
    def _deliver(self, job_id: int, ok: bool, value: object) -> None:
        callbacks = self._pending.pop(job_id, None)
        if callbacks is None:
            return
        on_success, on_failure = callbacks
        if ok:
            on_success(value)
        else:
            on_failure(value)  # type: ignore[arg-type]
