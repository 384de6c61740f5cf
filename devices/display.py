"""The customer display: a 2x20 VFD pole display facing the customer, and its stand-ins.

Usage (the till passes labels it has already translated):

    display = display_from_config({"kind": "serial", "port": "/dev/ttyUSB1",
                                   "encoding": "gb18030"})
    display.show(item_name, two_columns(total_label, "¥3.50", display.columns,
                                        display.encoding))
    display.clear()
    display.close()

Every failure is a DeviceError with a stable `code`. A display is written many times a minute,
so SerialVfd keeps its port open; after a failed write it lets the port go and the next call
opens it again, so a display that was unplugged works again once it is plugged back in.

Widths: ASCII characters take one column. On a GB display every other character comes from the
Chinese font and takes two columns; a line never ends in half of one. On an "ascii"
display characters outside ASCII are folded (é -> e, full-width Ａ -> A), the yuan/yen sign
becomes "Y" (one column, and no ASCII character means money better) and the rest become "?".
"""

from __future__ import annotations

import contextlib
import os
import threading
import unicodedata
from abc import ABC, abstractmethod
from collections.abc import Callable, Mapping
from functools import lru_cache
from pathlib import Path
from typing import Any, Self

from devices.connections import serial_open_error
from devices.errors import (
    DeviceError,
    DeviceIOError,
    DeviceMisconfigured,
    DeviceOffline,
)
from devices.layout import PrinterProfile, char_width, printable
from devices.settings import Fields

__all__ = [
    "DISPLAY_ENCODINGS", "DISPLAY_KINDS", "MAX_COLUMNS", "MIN_COLUMNS", "CustomerDisplay",
    "InMemoryDisplay", "NoDisplay", "SerialVfd", "VirtualDisplay", "display_from_config", "fit",
    "two_columns",
]

DISPLAY_KINDS = ("none", "serial", "virtual")
DISPLAY_ENCODINGS = ("ascii", "gb18030", "gbk")
MIN_COLUMNS, MAX_COLUMNS = 16, 40
ROWS = 2

# The command set (Epson DM-D compatible; the common Chinese 2x20 VFDs accept it too).
ESC_INIT = b"\x1b\x40"  # ESC @: initialise (clears the screen)
US_OVERWRITE = b"\x1f\x01"  # US MD1: overwrite mode
CLR = b"\x0c"  # clear the screen, cursor home
_INIT = ESC_INIT + US_OVERWRITE


def _move_to(column: int, row: int) -> bytes:
    """US $ x y: cursor to column x, row y (1-based)."""
    return bytes((0x1F, 0x24, column, row))


# --- text -----------------------------------------------------------------------------------

_YUAN_SIGNS = frozenset("\u00a5\uffe5")
_ASCII_YUAN = "Y"
_ASCII_REPLACEMENT = "?"


def _check(columns: int, encoding: str) -> None:
    if encoding not in DISPLAY_ENCODINGS:
        raise DeviceMisconfigured(f"display encoding must be one of {DISPLAY_ENCODINGS}, "
                                  f"not {encoding!r}")
    if isinstance(columns, bool) or not isinstance(columns, int) or columns < 1:
        raise DeviceMisconfigured(f"display columns must be a positive whole number, "
                                  f"not {columns!r}")


@lru_cache(maxsize=4)
def _profile(encoding: str) -> PrinterProfile:
    # The receipt's rules for what a GB font can draw hold for the display's font as well, so
    # reuse them through a profile (its paper fields are unused here). ASCII displays start
    # from the UTF-8 rules and fold the rest below.
    return PrinterProfile("customer display", columns=0, dots=0,
                          encoding="utf-8" if encoding == "ascii" else encoding)


@lru_cache(maxsize=1024)
def _ascii_char(ch: str) -> str:
    if ch.isascii():
        return ch
    if ch in _YUAN_SIGNS:
        return _ASCII_YUAN
    # Accented Latin and full-width forms have an ASCII spelling; anything else (CJK, "½",
    # whose decomposition carries a non-ASCII fraction slash) has none.
    base = [c for c in unicodedata.normalize("NFKD", ch) if not unicodedata.combining(c)]
    if base and all(" " <= c <= "~" for c in base):
        return "".join(base)
    return _ASCII_REPLACEMENT


def _displayable(text: str, encoding: str) -> str:
    """Text the display's font can draw; control characters never pass (a product name must
    not carry display commands)."""
    safe = printable(text, _profile(encoding))
    if encoding == "ascii":
        return "".join(_ascii_char(ch) for ch in safe)
    return safe


def _width(text: str, encoding: str) -> int:
    """Columns of displayable text (after `_displayable`, an ASCII display only has ASCII)."""
    profile = _profile(encoding)
    return sum(char_width(ch, profile) for ch in text)


def _truncate(text: str, columns: int, encoding: str) -> tuple[str, int]:
    """The longest prefix of displayable `text` that fits `columns`, and its width."""
    profile = _profile(encoding)
    out, used = [], 0
    for ch in text:
        w = char_width(ch, profile)
        if used + w > columns:
            break  # a double-width character that would straddle the edge is left out whole
        out.append(ch)
        used += w
    return "".join(out), used


def fit(text: str, columns: int = 20, encoding: str = "ascii") -> str:
    """`text` made displayable, cut to `columns` and padded with spaces to exactly that width."""
    _check(columns, encoding)
    shown, used = _truncate(_displayable(text, encoding), columns, encoding)
    return shown + " " * (columns - used)


def two_columns(label: str, amount: str, columns: int = 20, encoding: str = "ascii") -> str:
    """`label` flush left and `amount` flush right on one line of exactly `columns` columns.

    The label is cut first so the amount is always whole; an amount wider than the line is
    shown as "#" marks (as a spreadsheet does) rather than as a wrong-looking number.
    """
    _check(columns, encoding)
    amount = _displayable(amount, encoding).strip()
    amount_width = _width(amount, encoding)
    if amount_width > columns:
        return "#" * columns
    room = columns - amount_width - 1  # keep one space between label and amount
    shown, used = _truncate(_displayable(label, encoding).rstrip(), max(room, 0), encoding)
    return shown + " " * (columns - used - amount_width) + amount


# --- the displays ---------------------------------------------------------------------------


class CustomerDisplay(ABC):
    """Two lines of text for the customer. Every method raises DeviceError subclasses only."""

    def __init__(self, columns: int = 20, encoding: str = "ascii") -> None:
        _check(columns, encoding)
        if not MIN_COLUMNS <= columns <= MAX_COLUMNS:
            raise DeviceMisconfigured(f"display columns must be in {MIN_COLUMNS}..{MAX_COLUMNS}, "
                                      f"not {columns}")
        self.columns, self.encoding = columns, encoding

    def show(self, line1: str, line2: str = "") -> None:
        """Show two lines, each fitted to the width (cut, then padded with spaces)."""
        self._show(fit(line1, self.columns, self.encoding),
                   fit(line2, self.columns, self.encoding))

    def clear(self) -> None:
        """Blank the screen."""
        blank = " " * self.columns
        self._show(blank, blank)

    def close(self) -> None:
        """Let the device go; a later show() acquires it again."""
        return

    @abstractmethod
    def describe(self) -> str:
        """One plain English line for logs and the settings screen."""

    @abstractmethod
    def _show(self, line1: str, line2: str) -> None:
        """Show two lines that are already fitted to exactly `columns` columns."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class NoDisplay(CustomerDisplay):
    """The till has no customer display: everything is accepted and nothing happens."""

    def describe(self) -> str:
        return "no customer display"

    def _show(self, line1: str, line2: str) -> None:
        return


class InMemoryDisplay(CustomerDisplay):
    """Keeps what it shows (tests). `fail_with` makes every show/clear raise that error."""

    def __init__(self, columns: int = 20, encoding: str = "gb18030",
                 fail_with: DeviceError | None = None) -> None:
        super().__init__(columns, encoding)
        self.fail_with = fail_with
        blank = " " * columns
        self.lines: tuple[str, str] = (blank, blank)
        self.history: list[tuple[str, str]] = []  # every state shown, oldest first
        self.closed = False

    def describe(self) -> str:
        return "in-memory customer display"

    def _show(self, line1: str, line2: str) -> None:
        if self.fail_with is not None:
            raise self.fail_with
        self.lines = (line1, line2)
        self.history.append(self.lines)

    def close(self) -> None:
        self.closed = True


class VirtualDisplay(CustomerDisplay):
    """Writes the two lines to `directory`/display.txt (UTF-8, one line each, padded), so a demo
    or support can `watch cat` it. Written to a temporary file then renamed: a reader never
    sees half a screen."""

    FILE_NAME = "display.txt"

    def __init__(self, directory: str | Path, columns: int = 20,
                 encoding: str = "gb18030") -> None:
        super().__init__(columns, encoding)
        self.directory = Path(directory)
        self.path = self.directory / self.FILE_NAME

    def describe(self) -> str:
        return f"virtual customer display in {self.path}"

    def _show(self, line1: str, line2: str) -> None:
        # Unique per thread: two writers never share a temporary file.
        tmp = self.directory / f".{self.FILE_NAME}.{os.getpid()}.{threading.get_ident()}.tmp"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            tmp.write_text(f"{line1}\n{line2}\n", encoding="utf-8")
            tmp.replace(self.path)
        except (FileExistsError, NotADirectoryError) as exc:
            raise DeviceMisconfigured(f"virtual display directory unusable: {exc}") from exc
        except OSError as exc:
            with contextlib.suppress(OSError):
                tmp.unlink(missing_ok=True)
            raise DeviceIOError(f"virtual display could not write {self.path}: {exc}") from exc


class SerialVfd(CustomerDisplay):
    """A pole display on a serial port (RS-232 or USB-serial), ESC/POS customer display commands.

    Each show() is one write: cursor to row 1 column 1, the padded first line, cursor to row 2,
    the padded second line. Positioning and overwriting (rather than CLR, then text) does not
    flicker. ESC @ and US MD1 (overwrite mode, so writing the last cell never scrolls) are sent
    once after each opening of the port.

    `open_serial` builds and opens the port (pyserial's Serial signature); tests inject fakes.
    """

    def __init__(self, port: str, baudrate: int = 9600, encoding: str = "ascii",
                 columns: int = 20, timeout: float = 1.0,
                 open_serial: Callable[..., Any] | None = None) -> None:
        super().__init__(columns, encoding)
        if not isinstance(port, str) or not port.strip():
            raise DeviceMisconfigured("display port must be a device path such as /dev/ttyUSB0")
        if isinstance(baudrate, bool) or not isinstance(baudrate, int) or baudrate <= 0:
            raise DeviceMisconfigured(f"display baudrate must be a positive whole number, "
                                      f"not {baudrate!r}")
        if not 0 < timeout <= 300:
            raise DeviceMisconfigured("display timeout must be in (0, 300] seconds")
        self.port, self.baudrate, self.timeout = port, baudrate, timeout
        self._open_serial = open_serial
        self._serial: Any = None
        # The till may update the display from more than one thread (sale screen, idle timer).
        self._lock = threading.Lock()

    def describe(self) -> str:
        return (f"serial customer display on {self.port} ({self.baudrate} baud, "
                f"{self.encoding}, {self.columns} columns)")

    def _show(self, line1: str, line2: str) -> None:
        self._send(_move_to(1, 1) + line1.encode(self.encoding)
                   + _move_to(1, 2) + line2.encode(self.encoding))

    def clear(self) -> None:
        self._send(CLR)

    def close(self) -> None:
        with self._lock:
            self._release()

    def _send(self, data: bytes) -> None:
        with self._lock:
            if self._serial is None:
                self._serial = self._open()
                data = _INIT + data
            try:
                self._serial.write(data)
            except Exception as exc:  # SerialException, SerialTimeoutException, OSError
                self._release()  # the next call opens the port again
                raise self._write_error(exc) from exc

    def _open(self) -> Any:
        open_serial = self._open_serial
        if open_serial is None:
            try:
                import serial
            except ImportError as exc:
                raise DeviceMisconfigured(f"serial support is not installed: {exc}") from exc
            open_serial = serial.Serial
        what = f"cannot open customer display on {self.port}"
        try:
            # exclusive: a lock, so a second till program cannot interleave its own text.
            # write_timeout: a display holding the handshake line must not hang the till.
            return open_serial(port=self.port, baudrate=self.baudrate, timeout=self.timeout,
                               write_timeout=self.timeout, exclusive=True)
        except ValueError as exc:  # pyserial: a setting the port does not accept
            raise DeviceMisconfigured(f"{what}: {exc}") from exc
        except Exception as exc:  # SerialException carrying the errno, OSError
            raise serial_open_error(exc, what) from exc

    def _write_error(self, exc: BaseException) -> DeviceError:
        if _is_timeout(exc):
            return DeviceOffline(f"customer display on {self.port} is not accepting data")
        return DeviceIOError(f"writing to customer display on {self.port} failed: {exc}")

    def _release(self) -> None:
        port, self._serial = self._serial, None
        if port is not None:
            with contextlib.suppress(Exception):  # a vanished device may fail to close; fine
                port.close()


def _is_timeout(exc: BaseException) -> bool:
    # pyserial's SerialTimeoutException, matched by name: pyserial is imported only when a
    # port is opened (and tests may inject their own port).
    return isinstance(exc, TimeoutError) or any(
        cls.__name__ == "SerialTimeoutException" for cls in type(exc).__mro__)


# --- configuration --------------------------------------------------------------------------

_FIELDS = {
    "none": set(),
    "serial": {"port", "baudrate", "encoding", "columns", "timeout"},
    "virtual": {"directory", "encoding", "columns"},
}


def display_from_config(config: Mapping[str, Any] | None) -> CustomerDisplay:
    """Build (not open) a display from settings such as
    {"kind": "serial", "port": "/dev/ttyUSB1", "baudrate": 9600, "encoding": "gb18030"}.

    None means no display. Numbers may be strings ("9600"). Raises DeviceMisconfigured.
    """
    if config is None:
        return NoDisplay()
    if not isinstance(config, Mapping):
        raise DeviceMisconfigured("display settings must be a mapping")
    kind = config.get("kind")
    if kind not in _FIELDS:
        raise DeviceMisconfigured(f"unknown display kind {kind!r}; expected one of "
                                  f"{list(DISPLAY_KINDS)}")
    unknown = set(config) - {"kind"} - _FIELDS[kind]
    if unknown:
        raise DeviceMisconfigured(f"unknown {kind} display settings: {sorted(unknown)}")
    if kind == "none":
        return NoDisplay()
    c = Fields(config, "display")
    columns = c.integer("columns", 20, MIN_COLUMNS, MAX_COLUMNS)
    if kind == "virtual":
        return VirtualDisplay(c.text("directory"), columns, _encoding(c, "gb18030"))
    return SerialVfd(c.text("port"), c.integer("baudrate", 9600, 300, 921600),
                     _encoding(c, "ascii"), columns, c.number("timeout", 1.0))


def _encoding(c: Fields, default: str) -> str:
    encoding = c.text("encoding", default).strip().lower()
    if encoding not in DISPLAY_ENCODINGS:
        raise DeviceMisconfigured(f"display setting 'encoding' must be one of "
                                  f"{list(DISPLAY_ENCODINGS)}, not {encoding!r}")
    return encoding
