"""Running slow device work (printing) off the UI thread and reporting back to it.

A QRunnable cannot emit signals itself, so each task carries a small QObject; its signals are
queued to the `Worker`, a QObject living on the UI thread, which calls the caller's callbacks
there. The worker keeps each task alive until its outcome has been delivered.
"""

from __future__ import annotations

import itertools
import logging
from collections.abc import Callable
from typing import Any

from pos_app.qt import QObject, QRunnable, QThreadPool, Signal, Slot

log = logging.getLogger(__name__)


class TaskSignals(QObject):
    #: (task id, result) when the call returned.
    succeeded = Signal(int, object)
    #: (task id, exception) when it raised.
    failed = Signal(int, object)


class Task(QRunnable):
    def __init__(self, task_id: int, call: Callable[[], Any]) -> None:
        super().__init__()
        self.setAutoDelete(False)
        self.task_id = task_id
        self.call = call
        self.signals = TaskSignals()

    def run(self) -> None:
        try:
            result = self.call()
        except Exception as exc:  # reported to the UI thread, which decides what to show
            self.signals.failed.emit(self.task_id, exc)
            return
        self.signals.succeeded.emit(self.task_id, result)


class Worker(QObject):
    """One background thread: jobs run in the order they were submitted (receipts in order)."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self.pool = QThreadPool(self)
        self.pool.setMaxThreadCount(1)
        self._ids = itertools.count(1)
        self._pending: dict[int, tuple[Task, Callable, Callable]] = {}

    def submit(self, call: Callable[[], Any], on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> int:
        """Run call() off the UI thread; then on_success(result) or on_failure(exc) on it."""
        task = Task(next(self._ids), call)
        task.signals.succeeded.connect(self._succeeded)
        task.signals.failed.connect(self._failed)
        self._pending[task.task_id] = (task, on_success, on_failure)
        self.pool.start(task)
        return task.task_id

    def busy(self) -> bool:
        return bool(self._pending)

    def wait(self, msecs: int = 30_000) -> bool:
        """Block until running tasks finish (their outcomes are still delivered by the loop)."""
        return self.pool.waitForDone(msecs)

    @Slot(int, object)
    def _succeeded(self, task_id: int, result: object) -> None:
        entry = self._pending.pop(task_id, None)
        if entry is not None:
            entry[1](result)

    @Slot(int, object)
    def _failed(self, task_id: int, exc: object) -> None:
        entry = self._pending.pop(task_id, None)
        if entry is not None:
            entry[2](exc)
