"""A simulated pole display on a pseudo-terminal, for tests and the demo (POSIX only).

The till opens `path` exactly as it would open /dev/ttyUSB1; a reader thread feeds what it
writes to a lenient VfdScreen. `mirror_file`, when given, always holds the current screen, so a
person running the demo can `watch cat` it. Closing the simulator closes the pty, which to the
till looks like the display's cable being pulled.
"""

from __future__ import annotations

import contextlib
import os
import threading
import time
from collections.abc import Callable
from pathlib import Path
from typing import Self

from devices.pty_port import PtyPort
from devices.vfd_emulator import VfdScreen

_POLL = 0.05  # seconds the reader waits for bytes before checking whether to stop


class VirtualVfd:
    def __init__(self, columns: int = 20, rows: int = 2, encoding: str = "ascii",
                 mirror_file: str | Path | None = None) -> None:
        self.screen = VfdScreen(columns, rows, encoding, strict=False)
        self.mirror_file = Path(mirror_file) if mirror_file is not None else None
        self.mirror_errors: list[str] = []  # a demo convenience must not stop the simulator
        self._port = PtyPort()
        self.path = self._port.path
        self._changed = threading.Condition()
        self._stop = threading.Event()
        if self.mirror_file is not None:
            self._mirror(self.screen.text())  # the blank screen, before the till writes
        self._thread = threading.Thread(target=self._run, name="virtual-vfd", daemon=True)
        self._thread.start()

    def lines(self) -> list[str]:
        """The rows as shown now (padded with spaces to the width)."""
        with self._changed:
            return self.screen.text()

    def skipped(self) -> list[str]:
        """What the screen did not understand (the till should never cause any)."""
        with self._changed:
            return list(self.screen.skipped)

    def wait_for(self, predicate: Callable[[list[str]], bool], timeout: float = 2.0) -> bool:
        """Wait until `predicate(lines)` holds; False if it still does not after `timeout`."""
        deadline = time.monotonic() + timeout
        with self._changed:
            while not predicate(self.screen.text()):
                left = deadline - time.monotonic()
                if left <= 0:
                    return False
                self._changed.wait(left)
            return True

    def close(self) -> None:
        """Stop the reader (within one poll interval), then close the pty: the till's next
        write fails as if the display had been unplugged."""
        self._stop.set()
        if self._thread.is_alive() and self._thread is not threading.current_thread():
            self._thread.join(timeout=1.0)
        # Only now: closing the master under a select() in the reader could hand its file
        # descriptor number to someone else mid-call.
        self._port.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()

    def _run(self) -> None:
        while not self._stop.is_set():
            started = time.monotonic()
            data = self._port.read(_POLL)
            if not data:
                # PtyPort.read also returns b"" at once on an error; do not spin on it.
                rest = _POLL - (time.monotonic() - started)
                if rest > 0:
                    self._stop.wait(rest)
                continue
            with self._changed:
                self.screen.feed(data)
                if self.mirror_file is not None:
                    # Under the lock: once wait_for() sees a screen, the mirror shows it too.
                    self._mirror(self.screen.text())
                self._changed.notify_all()

    def _mirror(self, rows: list[str]) -> None:
        assert self.mirror_file is not None
        target = self.mirror_file
        tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
        try:
            tmp.write_text("".join(f"{row}\n" for row in rows), encoding="utf-8")
            tmp.replace(target)
        except OSError as exc:
            self.mirror_errors.append(f"cannot write {target}: {exc}")
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
