"""A pseudo-terminal that stands in for a serial device (POSIX only).

The device side is the pty's master, held by a simulator; the till opens `path` (the slave,
e.g. /dev/pts/5) with pyserial exactly as it would open /dev/ttyUSB0. Bytes the simulator
writes arrive at the till's port; bytes the till writes can be read here. The slave is put in
raw mode so no byte is translated (CR stays CR, 0x03 is not an interrupt).
"""

from __future__ import annotations

import contextlib
import os
import select
import sys
import threading
import tty
from typing import Self

from devices.errors import DeviceMisconfigured


class PtyPort:
    def __init__(self) -> None:
        if sys.platform == "win32":  # pragma: no cover - the simulators need POSIX ptys
            raise DeviceMisconfigured("virtual serial devices need a POSIX pseudo-terminal")
        self.master, slave = os.openpty()
        tty.setraw(slave)
        self.path = os.ttyname(slave)
        # Keep the slave open too: while no client has it open, a read on the master fails
        # with EIO on Linux. (pyserial flushes input when it opens a port, so bytes written
        # before the till opens it are dropped, as they would be on a real line.)
        self._slave = slave
        self._lock = threading.Lock()
        self.closed = False

    def write(self, data: bytes) -> None:
        """Send bytes to the till, as the device would."""
        with self._lock:
            view = memoryview(data)
            while view:
                written = os.write(self.master, view)
                view = view[written:]

    def read(self, timeout: float = 0.0) -> bytes:
        """What the till has written so far (waits up to `timeout` seconds for the first byte)."""
        if self.closed:
            return b""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return b""
        try:
            return os.read(self.master, 4096)
        except OSError:  # EIO: the other side went away
            return b""

    def read_exactly(self, size: int, timeout: float = 2.0) -> bytes:
        """Read until `size` bytes arrived or `timeout` passed (tests)."""
        import time

        deadline = time.monotonic() + timeout
        out = bytearray()
        while len(out) < size:
            left = deadline - time.monotonic()
            if left <= 0:
                break
            out += self.read(left)
        return bytes(out)

    def close(self) -> None:
        if self.closed:
            return
        self.closed = True
        for fd in (self.master, self._slave):
            with contextlib.suppress(OSError):
                os.close(fd)

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()
