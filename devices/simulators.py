"""Virtual serial input devices on pseudo-terminals, for tests and the demo (POSIX only).

Each owns a PtyPort: point the till's scanner or card reader setting "port" at `.path` and
call `scan` / `tap` / `swipe` to send what the real device would, framing included.
"""

from __future__ import annotations

from typing import Self

from devices.framing import check_framing, encode_frame
from devices.pty_port import PtyPort


class _VirtualSerialDevice:
    def __init__(self, framing: str, checksum: str = "none") -> None:
        check_framing(framing, checksum)  # before opening a pty that would need closing
        self.framing, self.checksum = framing, checksum
        self.port = PtyPort()

    @property
    def path(self) -> str:
        """The port the till opens (e.g. /dev/pts/5)."""
        return self.port.path

    @property
    def closed(self) -> bool:
        return self.port.closed

    def send_raw(self, data: bytes) -> None:
        """Bytes exactly as given: noise, broken frames (tests)."""
        self.port.write(data)

    def _send_frame(self, data: bytes) -> None:
        self.port.write(encode_frame(data, self.framing, self.checksum))

    def close(self) -> None:
        """Unplug the device: a till reading it sees the port fail."""
        self.port.close()

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class VirtualSerialScanner(_VirtualSerialDevice):
    """A serial barcode scanner; `prefix` is the one its setup barcodes would make it add."""

    def __init__(self, framing: str = "cr", prefix: str = "", encoding: str = "ascii",
                 checksum: str = "none") -> None:
        super().__init__(framing, checksum)
        self.prefix, self.encoding = prefix, encoding

    def scan(self, code: str) -> None:
        """Send `code` as one scan: prefix, code, then the framing's terminator."""
        self._send_frame((self.prefix + code).encode(self.encoding))


class VirtualCardReader(_VirtualSerialDevice):
    """A serial RFID / magnetic stripe reader: one frame per card (STX/ETX by default, with an
    XOR check byte when `checksum="xor"`; or a line with framing "cr")."""

    def __init__(self, framing: str = "stx_etx", checksum: str = "none",
                 prefix: str = "") -> None:
        super().__init__(framing, checksum)
        self.prefix = prefix

    def tap(self, uid_text: str) -> None:
        """Send a chip ID as the reader formats it (e.g. "0040856634", "111,27706")."""
        self._send_frame((self.prefix + uid_text).encode("ascii"))

    def swipe(self, track2_number: str) -> None:
        """Send a member card's stripe: track 2 holding just its number."""
        self._send_frame(f"{self.prefix};{track2_number}?".encode("ascii"))
