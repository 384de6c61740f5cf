"""Background work for the back-office dialogs, and a label that reports a print job.

`submit_for(owner, worker, call, ok, failed)` is `Worker.submit`, except that the callbacks are
dropped once `owner` (a dialog) has been destroyed: a lookup or a print that ends after the
dialog was closed and deleted must not touch its widgets.

`PrintLine` runs one print call (Till.print_job, Till.reprint, …) on the worker and says how it
went: printing… / printed / the translated printer error (the fact stays saved and the job stays
queued, so it can be printed again).
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from typing import Any

from pos_app.domain.errors import PosError
from pos_app.qt import QEvent, QLabel, QObject, Signal
from pos_app.ui.background import Worker
from pos_app.ui.errors import describe
from pos_app.ui.style import set_role

log = logging.getLogger(__name__)


def submit_for(owner: QObject, worker: Worker, call: Callable[[], Any],
               on_success: Callable[[Any], None],
               on_failure: Callable[[BaseException], None]) -> int:
    """Run call() on the worker; deliver the outcome only while `owner` still exists."""
    alive = {"yes": True}
    owner.destroyed.connect(lambda *_: alive.update(yes=False))

    def succeeded(result: Any) -> None:
        if alive["yes"]:
            on_success(result)

    def failed(error: BaseException) -> None:
        if not isinstance(error, PosError):
            log.error("background task failed unexpectedly", exc_info=error)
        if alive["yes"]:
            on_failure(error)

    return worker.submit(call, succeeded, failed)


class PrintLine(QLabel):
    """One line of text about the last print call; hidden until something is printed."""

    #: The print call ended: True when printed.
    finished = Signal(bool)

    IDLE, PRINTING, PRINTED, FAILED = "idle", "printing", "printed", "failed"

    def __init__(self, worker: Worker, name: str = "print_status", parent=None) -> None:
        super().__init__(parent)
        self.setObjectName(name)
        self.setWordWrap(True)
        self.worker = worker
        self.state = self.IDLE
        self.error: BaseException | None = None
        set_role(self, "caption")
        self.hide()

    def start(self, call: Callable[[], Any]) -> None:
        self.state = self.PRINTING
        self.error = None
        self._show()
        submit_for(self, self.worker, call, self._printed, self._failed)

    @property
    def busy(self) -> bool:
        return self.state == self.PRINTING

    def _printed(self, _result: Any) -> None:
        self.state = self.PRINTED
        self._show()
        self.finished.emit(True)

    def _failed(self, error: BaseException) -> None:
        self.state = self.FAILED
        self.error = error
        self._show()
        self.finished.emit(False)

    def _show(self) -> None:
        set_role(self, "error" if self.state == self.FAILED else "caption")
        self.setVisible(self.state != self.IDLE)
        self.retranslate()

    def changeEvent(self, event) -> None:
        if event.type() == QEvent.Type.LanguageChange:
            self.retranslate()
        super().changeEvent(event)

    def retranslate(self) -> None:
        if self.state == self.PRINTING:
            self.setText(self.tr("Printing…"))
        elif self.state == self.PRINTED:
            self.setText(self.tr("Printed."))
        elif self.state == self.FAILED and self.error is not None:
            self.setText(describe(self.error))
        else:
            self.clear()
