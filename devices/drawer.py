"""Cash drawers: on the printer's kick port, on a serial port of their own, or simulated.

Usage (the till):

    drawer = drawer_from_config({"kind": "printer", "pin": 2}, printer)
    drawer.open()          # DeviceError when it cannot be opened
    drawer.is_open()       # True / False, or None when the drawer's switch is not wired

Like the printers, a drawer opens its port for each operation only, so one that was unplugged
works again later without restarting anything.
"""

from __future__ import annotations

import contextlib
import errno
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Callable, Iterator, Mapping
from contextlib import contextmanager
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Self

from devices.base import Printer
from devices.connections import _errno_error, serial_open_error
from devices.errors import (
    DeviceError,
    DeviceIOError,
    DeviceMisconfigured,
    DeviceOffline,
)
from devices.render_escpos import DrawerKick
from devices.settings import Fields

DRAWER_KINDS = ("none", "printer", "serial", "virtual")
STATUS_WIRING = ("none", "high", "low")  # printer drawers: which pin 3 level means "open"
SERIAL_TRIGGERS = ("bytes", "dtr", "rts")
STATUS_LINES = ("none", "cts", "dsr", "cd")
DEFAULT_SERIAL_DATA = b"\x1b\x70\x00\x32\x32"  # ESC p 0 100ms 100ms: what most boxes expect


class CashDrawer(ABC):
    """A cash drawer. `open` and `is_open` raise DeviceError; `close` never does."""

    @abstractmethod
    def open(self) -> None:
        """Pop the drawer open."""

    @abstractmethod
    def is_open(self) -> bool | None:
        """Whether the drawer is open; None when its switch is not wired (unknown)."""

    def close(self) -> None:
        """Release whatever the drawer holds (the drawers here hold nothing between calls)."""
        return

    @abstractmethod
    def describe(self) -> str:
        """One line of plain English for logs and the settings screen."""

    def __enter__(self) -> Self:
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.close()


class PrinterDrawer(CashDrawer):
    """A drawer cabled to the printer's kick-out connector (the usual RJ11/RJ12 socket).

    The drawer's switch, when the cable carries it, reaches the printer's pin 3; DLE EOT 1
    reports that pin's level. Which level means "open" depends on the drawer: `status_wired`
    "high" or "low", or "none" when the switch is not wired.
    """

    def __init__(self, printer: Printer, status_wired: str = "none") -> None:
        if status_wired not in STATUS_WIRING:
            raise DeviceMisconfigured(f"drawer status must be one of {STATUS_WIRING}, "
                                      f"not {status_wired!r}")
        self.printer = printer
        self.status_wired = status_wired

    def open(self) -> None:
        self.printer.kick_drawer()

    def is_open(self) -> bool | None:
        if self.status_wired == "none":
            return None
        high = self.printer.drawer_pin3_high()
        return high if self.status_wired == "high" else not high

    def describe(self) -> str:
        kick = self.printer.drawer
        return (f"drawer on the {type(self.printer).__name__}'s kick port (pin {kick.pin}, "
                f"{kick.on_ms}/{kick.off_ms} ms, status {self.status_wired})")


class SerialDrawer(CashDrawer):
    """A drawer box on its own serial port (or a USB-serial adapter).

    Boxes differ: most open when they receive bytes (often the printer's own ESC p), others on
    a pulse of the DTR or RTS line (`trigger`). The drawer's switch may be wired to a modem
    status line (`status_line`: CTS, DSR or CD; asserted = open).
    """

    def __init__(self, port: str, baudrate: int = 9600, trigger: str = "bytes",
                 data: bytes = DEFAULT_SERIAL_DATA, pulse_ms: int = 200,
                 status_line: str = "none", timeout: float = 2.0) -> None:
        if trigger not in SERIAL_TRIGGERS:
            raise DeviceMisconfigured(f"drawer trigger must be one of {SERIAL_TRIGGERS}, "
                                      f"not {trigger!r}")
        if status_line not in STATUS_LINES:
            raise DeviceMisconfigured(f"drawer status line must be one of {STATUS_LINES}, "
                                      f"not {status_line!r}")
        if trigger == "bytes" and not data:
            raise DeviceMisconfigured("drawer trigger 'bytes' needs data to send")
        self.port, self.baudrate, self.trigger, self.data = port, baudrate, trigger, data
        self.pulse_ms, self.status_line, self.timeout = pulse_ms, status_line, timeout
        # One operation at a time: the port is locked while open, and a status poll racing an
        # open would otherwise see the drawer as busy.
        self._lock = threading.Lock()

    def open(self) -> None:
        with self._lock, self._connection() as port:
            try:
                if self.trigger == "bytes":
                    port.write(self.data)
                    port.flush()  # wait until the bytes left: closing could drop them
                else:
                    self._pulse(port)
            except DeviceError:
                raise
            except Exception as exc:
                raise _serial_io_error(exc, self.port) from exc

    def _pulse(self, port: Any) -> None:
        line = self.trigger  # "dtr" or "rts": pyserial attributes of the same name
        try:
            setattr(port, line, True)
            time.sleep(self.pulse_ms / 1000)
        except OSError as exc:
            raise _line_error(exc, self.port, f"set {line.upper()}") from exc
        finally:
            # Already failing, or the port is going away: closing the port drops the line.
            with contextlib.suppress(OSError):
                setattr(port, line, False)

    def is_open(self) -> bool | None:
        if self.status_line == "none":
            return None
        with self._lock, self._connection() as port:
            try:
                return bool(getattr(port, self.status_line))
            except OSError as exc:
                raise _line_error(exc, self.port, f"read {self.status_line.upper()}") from exc

    def describe(self) -> str:
        how = (f"sends {self.data.hex()}" if self.trigger == "bytes"
               else f"{self.trigger.upper()} pulse of {self.pulse_ms} ms")
        return (f"serial drawer on {self.port} at {self.baudrate} baud ({how}, "
                f"status {self.status_line})")

    @contextmanager
    def _connection(self) -> Iterator[Any]:
        try:
            import serial
        except ImportError as exc:
            raise DeviceMisconfigured(f"serial support is not installed: {exc}") from exc
        port = serial.Serial()
        port.port, port.baudrate = self.port, self.baudrate
        port.timeout = port.write_timeout = self.timeout
        port.exclusive = True  # a second program on the same port fails instead of interfering
        if self.trigger in ("dtr", "rts"):
            # pyserial raises DTR and RTS when it opens a port: that alone would fire the
            # drawer, or leave no edge for the pulse. Start with the trigger line low.
            setattr(port, self.trigger, False)
        try:
            port.open()
        except Exception as exc:
            raise serial_open_error(exc, f"cannot open drawer port {self.port}") from exc
        try:
            yield port
        finally:
            with contextlib.suppress(Exception):  # a vanished adapter may fail to close; fine
                port.close()


class VirtualDrawer(CashDrawer):
    """A simulated drawer: each open appends "ISO time, -, label" to drawer.log in `directory`
    (the virtual printer's log format), and the drawer reads as open for `open_seconds`, then
    as closed, as if the cashier pushed it shut."""

    DRAWER_LOG = "drawer.log"

    def __init__(self, directory: str | Path, open_seconds: float = 3.0, label: str = "virtual",
                 clock: Callable[[], float] = time.monotonic) -> None:
        self.directory = Path(directory)
        self.open_seconds = open_seconds
        self.label = label  # third column of the log: which kind of drawer a demo simulates
        self.clock = clock
        self._opened_at: float | None = None

    def open(self) -> None:
        entry = f"{datetime.now(UTC).isoformat(timespec='seconds')}\t-\t{self.label}\n"
        try:
            self.directory.mkdir(parents=True, exist_ok=True)
            with (self.directory / self.DRAWER_LOG).open("a", encoding="utf-8") as fh:
                fh.write(entry)
        except (FileExistsError, NotADirectoryError) as exc:
            raise DeviceMisconfigured(f"virtual drawer directory unusable: {exc}") from exc
        except OSError as exc:
            raise DeviceIOError(f"virtual drawer could not write its log: {exc}") from exc
        self._opened_at = self.clock()

    def is_open(self) -> bool:
        return self._opened_at is not None and self.clock() - self._opened_at < self.open_seconds

    def describe(self) -> str:
        return f"virtual drawer logging to {self.directory / self.DRAWER_LOG}"


# --- configuration --------------------------------------------------------------------------

_FIELDS = {
    "none": set(),
    "printer": {"pin", "on_ms", "off_ms", "status"},
    "serial": {"port", "baudrate", "trigger", "data", "pulse_ms", "status_line", "timeout"},
    "virtual": {"directory", "open_seconds"},
}


def drawer_from_config(config: Mapping[str, Any] | None,
                       printer: Printer | None) -> CashDrawer | None:
    """Build (not open) the drawer from settings such as {"kind": "serial", "port": "COM3"}.

    No settings at all means the drawer on the printer's kick port (the till's default), or
    no drawer when there is no printer. Kind "none": no drawer. Raises DeviceMisconfigured.

    printer: pin (2/5), on_ms, off_ms, status ("none"/"high"/"low"). Kick settings given here
      replace the printer's own (drawer_pin...), for receipts that open the drawer too.
    serial: port, baudrate, trigger ("bytes"/"dtr"/"rts"), data (hex, "1b70003232"),
      pulse_ms, status_line ("none"/"cts"/"dsr"/"cd"), timeout (seconds).
    virtual: directory, open_seconds.
    """
    if config is None:
        return PrinterDrawer(printer) if printer is not None else None
    if not isinstance(config, Mapping):
        raise DeviceMisconfigured("drawer settings must be a mapping")
    kind = config.get("kind", "printer")
    if not isinstance(kind, str) or kind not in _FIELDS:
        raise DeviceMisconfigured(f"unknown drawer kind {kind!r}; expected one of "
                                  f"{list(DRAWER_KINDS)}")
    unknown = set(config) - {"kind"} - _FIELDS[kind]
    if unknown:
        raise DeviceMisconfigured(f"unknown {kind} drawer settings: {sorted(unknown)}")
    c = Fields(config, "drawer")
    if kind == "none":
        return None
    if kind == "printer":
        return _printer_drawer(c, printer)
    if kind == "serial":
        return SerialDrawer(
            c.text("port"), c.integer("baudrate", 9600, 300, 921600),
            trigger=c.text("trigger", "bytes"), data=_hex(c, "data"),
            pulse_ms=c.integer("pulse_ms", 200, 10, 2000),
            status_line=c.text("status_line", "none"), timeout=c.number("timeout", 2.0))
    return VirtualDrawer(c.text("directory"), open_seconds=c.number("open_seconds", 3.0))


def _printer_drawer(c: Fields, printer: Printer | None) -> PrinterDrawer:
    if printer is None:
        raise DeviceMisconfigured("drawer kind 'printer' needs a receipt printer")
    if any(c.config.get(key) is not None for key in ("pin", "on_ms", "off_ms")):
        current = printer.drawer
        printer.drawer = DrawerKick(c.integer("pin", current.pin),
                                    c.integer("on_ms", current.on_ms),
                                    c.integer("off_ms", current.off_ms))
    return PrinterDrawer(printer, c.text("status", "none"))


def _hex(c: Fields, key: str) -> bytes:
    if c.config.get(key) is None:
        return DEFAULT_SERIAL_DATA
    text = c.text(key)
    try:
        data = bytes.fromhex(text)
    except ValueError:
        raise DeviceMisconfigured(f"drawer setting {key!r} must be hex bytes such as "
                                  f"'1b70003232', not {text!r}") from None
    if not 1 <= len(data) <= 64:
        raise DeviceMisconfigured(f"drawer setting {key!r} must be 1..64 bytes")
    return data


# --- error mapping --------------------------------------------------------------------------


def _serial_io_error(exc: BaseException, port: str) -> DeviceError:
    if type(exc).__name__ == "SerialTimeoutException":
        return DeviceOffline(f"drawer on {port} is not accepting data")
    return _errno_error(exc, f"writing to the drawer on {port} failed")


def _line_error(exc: OSError, port: str, what: str) -> DeviceError:
    if exc.errno in (errno.ENOTTY, errno.EINVAL):
        # A pseudo-terminal, or a USB adapter whose driver has no modem control lines.
        return DeviceIOError(f"cannot {what} on {port}: the port has no modem control lines "
                             f"({exc})")
    return _errno_error(exc, f"cannot {what} on {port}")
