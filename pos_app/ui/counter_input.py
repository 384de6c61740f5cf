"""Scans and card reads reaching the window: keyboard wedges (KeyWedge) and serial devices.

Serial scanners and card readers are read on their own threads (the CounterInput port);
`SerialInputBridge` hands what they read to the UI thread and emits it there as Qt signals.
"""

from __future__ import annotations

import queue
import re

from pos_app.qt import QObject, QTimer, Signal, Slot
from pos_app.services.devices import CARD_READER, WedgeConfig
from pos_app.services.till import Till
from pos_app.ui.wedge import WedgeSettings, WedgeSource

# A magnetic stripe's track 1 (%...?) or track 2/3 (;...?) as a wedge reader types it.
_SWIPE = re.compile(r"^[%;+].*\?.?$")


def wedge_settings(config: WedgeConfig) -> WedgeSettings:
    return WedgeSettings(
        sources=tuple(WedgeSource(s.name, s.prefix, s.terminators, s.min_length)
                      for s in config.sources),
        max_gap_ms=config.max_gap_ms)


def is_card_read(source: str | None, text: str) -> bool:
    """A card reader's output, or a swipe from any wedge (its sentinels say so)."""
    return source == CARD_READER or bool(_SWIPE.match(text.strip()))


class SerialInputBridge(QObject):
    """Serial scans and card reads, handed from the reader threads to the UI thread.

    The reader threads only put plain tuples on a queue (they must hold no reference to a Qt
    object: see ui/background.py); a timer on the UI thread drains it and emits the signals.
    """

    scanned = Signal(str)
    card_read = Signal(str)
    problem = Signal(str)

    POLL_MS = 30  # a scan reaches the sale within this; the timer runs only while readers do

    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.running = False
        self._inbox: queue.SimpleQueue = queue.SimpleQueue()
        self._timer = QTimer(self)
        self._timer.setInterval(self.POLL_MS)
        self._timer.timeout.connect(self._drain)

    def start(self) -> None:
        if self.till.counter_input is None or self.running:
            return
        inbox = self._inbox
        self.till.counter_input.start(lambda code: inbox.put(("scan", code)),
                                      lambda card: inbox.put(("card", card)),
                                      lambda message: inbox.put(("problem", message)))
        self.running = True
        self._timer.start()

    def stop(self) -> None:
        if self.till.counter_input is not None and self.running:
            self.till.counter_input.stop()
        self.running = False
        self._timer.stop()

    @Slot()
    def _drain(self) -> None:
        signals = {"scan": self.scanned, "card": self.card_read, "problem": self.problem}
        while True:
            try:
                kind, text = self._inbox.get_nowait()
            except queue.Empty:
                return
            signals[kind].emit(text)
