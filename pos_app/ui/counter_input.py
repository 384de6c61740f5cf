"""Scans and card reads reaching the window: keyboard wedges (KeyWedge) and serial devices.

Serial scanners and card readers are read on their own threads (the CounterInput port);
`SerialInputBridge` turns their callbacks into Qt signals, which Qt delivers on the UI thread
(queued: the bridge lives on the UI thread, the emitter does not).
"""

from __future__ import annotations

import re

from pos_app.qt import QObject, Signal
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
    scanned = Signal(str)
    card_read = Signal(str)
    problem = Signal(str)

    def __init__(self, till: Till, parent=None) -> None:
        super().__init__(parent)
        self.till = till
        self.running = False

    def start(self) -> None:
        if self.till.counter_input is None or self.running:
            return
        self.till.counter_input.start(self.scanned.emit, self.card_read.emit, self.problem.emit)
        self.running = True

    def stop(self) -> None:
        if self.till.counter_input is not None and self.running:
            self.till.counter_input.stop()
        self.running = False
