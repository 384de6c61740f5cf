"""A simulated serial cash drawer on a pseudo-terminal (tests and `make demo`).

The till's SerialDrawer (trigger "bytes") opens `path` and writes its trigger; this side counts
an opening for each complete trigger it reads and, if given `log_file`, appends a line per
opening so a person running the demo can watch the drawer "open". (A pty has no modem lines,
so DTR/RTS triggers and status lines cannot be simulated here.)
"""

from __future__ import annotations

import threading
from datetime import UTC, datetime
from pathlib import Path
from typing import Self

from devices.drawer import DEFAULT_SERIAL_DATA
from devices.pty_port import PtyPort


class VirtualSerialDrawer:
    def __init__(self, trigger: bytes = DEFAULT_SERIAL_DATA,
                 log_file: str | Path | None = None) -> None:
        self.trigger = trigger
        self.log_file = Path(log_file) if log_file else None
        self._port = PtyPort()
        self.path = self._port.path
        self._opened = 0
        self._buffer = b""
        self._changed = threading.Condition()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, name="virtual-drawer", daemon=True)
        self._thread.start()

    @property
    def openings(self) -> int:
        with self._changed:
            return self._opened

    def wait_for_openings(self, count: int, timeout: float = 2.0) -> bool:
        with self._changed:
            return self._changed.wait_for(lambda: self._opened >= count, timeout)

    def _run(self) -> None:
        while not self._stop.is_set():
            data = self._port.read(timeout=0.05)
            if data:
                self._feed(data)

    def _feed(self, data: bytes) -> None:
        self._buffer += data
        found = 0
        while (index := self._buffer.find(self.trigger)) >= 0:
            self._buffer = self._buffer[index + len(self.trigger):]
            found += 1
        # Keep only a tail that could still begin a trigger split across reads.
        self._buffer = self._buffer[-(len(self.trigger) - 1):] if len(self.trigger) > 1 else b""
        if not found:
            return
        if self.log_file is not None:
            stamp = datetime.now(UTC).isoformat(timespec="seconds")
            with self.log_file.open("a", encoding="utf-8") as fh:
                fh.writelines(f"{stamp}\tserial drawer opened\n" for _ in range(found))
        with self._changed:
            self._opened += found
            self._changed.notify_all()

    def close(self) -> None:
        self._stop.set()
        self._thread.join(timeout=1.0)
        self._port.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
