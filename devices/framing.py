"""Splitting a serial input device's byte stream into frames (pure: no I/O).

Scanners and card readers on RS-232 / USB-serial send one code per frame: a line ended by CR,
LF or CR LF, or STX (0x02) data ETX (0x03), optionally followed by one check byte (the XOR of
the data bytes). The line is noisy (a cable plugged in mid-frame, a wrong baud rate), so a
broken frame is dropped with an error and the next good frame still comes through.
"""

from __future__ import annotations

from functools import reduce

from devices.errors import BadData, DeviceMisconfigured

FRAMINGS = ("cr", "lf", "crlf", "stx_etx")
CHECKSUMS = ("none", "xor")
STX, ETX, CR, LF = 0x02, 0x03, 0x0D, 0x0A
DEFAULT_MAX_LENGTH = 256

_TERMINATORS = {"cr": b"\r", "lf": b"\n", "crlf": b"\r\n"}


def xor_checksum(data: bytes) -> int:
    """The BCC/LRC byte of STX/ETX frames: the XOR of the data bytes."""
    return reduce(lambda acc, byte: acc ^ byte, data, 0)


def check_framing(framing: str, checksum: str = "none") -> None:
    """DeviceMisconfigured unless `framing`/`checksum` are known and go together."""
    if framing not in FRAMINGS:
        raise DeviceMisconfigured(f"framing must be one of {FRAMINGS}, not {framing!r}")
    if checksum not in CHECKSUMS:
        raise DeviceMisconfigured(f"checksum must be one of {CHECKSUMS}, not {checksum!r}")
    if checksum != "none" and framing != "stx_etx":
        raise DeviceMisconfigured(f"a checksum needs stx_etx framing, not {framing!r}")


def encode_frame(data: bytes, framing: str, checksum: str = "none") -> bytes:
    """`data` as a device sends it (the simulators; the inverse of FrameSplitter)."""
    check_framing(framing, checksum)
    if framing != "stx_etx":
        return data + _TERMINATORS[framing]
    check = bytes([xor_checksum(data)]) if checksum == "xor" else b""
    return bytes([STX]) + data + bytes([ETX]) + check


class FrameSplitter:
    """Incremental: `feed` the bytes as they arrive, get the complete frames' data back.

    Problems (bytes outside STX…ETX, a frame over `max_length` bytes, a bad check byte) are
    kept as BadData for `take_errors`; the offending bytes are dropped. Line framings all accept
    CR, LF or CR LF as the end of a line (scanners are often set to another terminator than the
    till expects), and empty lines are ignored.
    """

    def __init__(self, framing: str = "cr", checksum: str = "none",
                 max_length: int = DEFAULT_MAX_LENGTH) -> None:
        check_framing(framing, checksum)
        if max_length < 1:
            raise DeviceMisconfigured(f"max frame length must be positive, not {max_length}")
        self.framing, self.checksum, self.max_length = framing, checksum, max_length
        self._errors: list[BadData] = []
        self.reset()

    def reset(self) -> None:
        """Forget a half-received frame (after the port was reopened)."""
        self._buffer = bytearray()
        # "idle" (between frames), "data" (inside a frame), "check" (the byte after ETX),
        # "skip" (rest of an over-long frame), "skip_check" (its check byte).
        self._state = "idle" if self.framing == "stx_etx" else "data"
        self._garbage_reported = False

    def take_errors(self) -> list[BadData]:
        errors, self._errors = self._errors, []
        return errors

    def feed(self, data: bytes) -> list[bytes]:
        frames: list[bytes] = []
        step = self._step_stx_etx if self.framing == "stx_etx" else self._step_line
        for byte in data:
            frame = step(byte)
            if frame:  # an empty frame carries nothing: not worth a callback or an error
                frames.append(frame)
        return frames

    def _step_line(self, byte: int) -> bytes | None:
        if byte in (CR, LF):
            frame = bytes(self._buffer) if self._state == "data" else None
            self._buffer.clear()
            self._state = "data"
            return frame
        if self._state == "data":
            self._append(byte)
        return None

    def _step_stx_etx(self, byte: int) -> bytes | None:
        state = self._state
        if state in ("check", "skip_check"):
            self._state = "idle"
            if state == "check":
                return self._checked(byte)
            return None
        if byte == STX:
            if state == "data":
                self._error(f"frame cut short by a new STX; dropped {bytes(self._buffer)!r}")
            self._buffer.clear()
            self._state, self._garbage_reported = "data", False
        elif state == "idle":
            # CR/LF after ETX is common and harmless; anything else is noise on the line.
            if byte not in (CR, LF) and not self._garbage_reported:
                self._error("bytes outside an STX…ETX frame ignored "
                            f"(starting with 0x{byte:02X})")
                self._garbage_reported = True
        elif byte == ETX:
            if self.checksum != "none":
                self._state = "check" if state == "data" else "skip_check"
                return None
            self._state = "idle"
            return bytes(self._buffer) if state == "data" else None
        elif state == "data":
            self._append(byte)
        return None

    def _append(self, byte: int) -> None:
        self._buffer.append(byte)
        if len(self._buffer) > self.max_length:
            self._error(f"frame longer than {self.max_length} bytes discarded "
                        f"(starting with {bytes(self._buffer[:16])!r})")
            self._buffer.clear()
            self._state = "skip"  # until the frame's end, so its tail is not taken for a frame

    def _checked(self, check: int) -> bytes | None:
        expected = xor_checksum(self._buffer)
        if check != expected:
            self._error(f"frame {bytes(self._buffer)!r} rejected: check byte 0x{check:02X}, "
                        f"expected 0x{expected:02X}")
            return None
        return bytes(self._buffer)

    def _error(self, detail: str) -> None:
        self._errors.append(BadData(f"{self.framing} framing: {detail}"))
