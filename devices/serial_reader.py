"""Reading a serial input device (scanner, card reader) on a background thread.

    reader = SerialReader("/dev/ttyUSB0", on_data=..., on_error=..., framing="cr")
    reader.start()
    ...
    reader.stop()

The callbacks run on the reader's own thread: a Qt UI must hand them over to its thread (emit a
signal, QMetaObject.invokeMethod) before touching any widget.

A serial device comes and goes (a USB-serial adapter unplugged, a cable pulled): the reader
reports the problem once, keeps trying to reopen the port every `reconnect_s` seconds and goes on
reading when it is back, so the till never needs a restart for it.

Also here: reading the settings that the serial scanner and card reader share.
"""

from __future__ import annotations

import codecs
import logging
import threading
import time
import unicodedata
from collections.abc import Callable, Collection, Mapping
from typing import Any, Protocol, Self

from devices.connections import _errno_error, serial_open_error
from devices.errors import BadData, DeviceError, DeviceIOError, DeviceMisconfigured
from devices.framing import DEFAULT_MAX_LENGTH, FrameSplitter
from devices.settings import Fields

log = logging.getLogger(__name__)

# pyserial's read timeout: how long stop() may wait for the thread to notice.
READ_TIMEOUT_S = 0.2
# A reopened port counts as working again once it delivers data or stays readable this long.
# (A vanished pty or USB adapter can often be reopened, and then fails at the first read.)
STABLE_AFTER_S = 1.0
ENCODINGS = ("ascii", "gb18030")
BAUDRATES = (300, 921600)  # the range accepted in settings, as for serial printers


class SerialPortLike(Protocol):
    """What the reader needs of a pyserial Serial (tests inject their own)."""

    @property
    def in_waiting(self) -> int: ...

    def read(self, size: int = 1) -> bytes: ...

    def close(self) -> None: ...


OpenSerial = Callable[..., SerialPortLike]  # called as open_serial(port, baudrate=, timeout=)
Decoder = Callable[[bytes], str]


def _pyserial_open(port: str, baudrate: int, timeout: float) -> SerialPortLike:
    try:
        import serial  # the till extra; imported late so `devices` works without it
    except ImportError as exc:
        raise DeviceMisconfigured(f"serial support is not installed: {exc}") from exc
    return serial.Serial(port, baudrate=baudrate, timeout=timeout)


class SerialReader:
    """Calls `on_data(text)` for each complete frame and `on_error(DeviceError)` for problems.

    Each frame is decoded (`decode`: an encoding name or a function), trimmed of surrounding
    whitespace, and `prefix` (required when set: a frame without it is BadData) and `suffix`
    (removed when present) are stripped. Undecodable frames, frames with control characters and
    framing errors are reported as BadData and dropped; reading goes on. A missing or vanished
    port is reported once per outage (DeviceNotFound, DeviceIOError...), then reopened every
    `reconnect_s` seconds until stop().
    """

    def __init__(self, port: str, on_data: Callable[[str], None],
                 on_error: Callable[[DeviceError], None], *, baudrate: int = 9600,
                 framing: str = "cr", checksum: str = "none", decode: str | Decoder = "ascii",
                 prefix: str = "", suffix: str = "", max_length: int = DEFAULT_MAX_LENGTH,
                 reconnect_s: float = 2.0, open_serial: OpenSerial | None = None,
                 name: str = "serial device") -> None:
        if not reconnect_s > 0:
            raise DeviceMisconfigured(f"reconnect interval must be positive, not {reconnect_s}")
        self.port, self.baudrate, self.name = port, baudrate, name
        self.on_data, self.on_error = on_data, on_error
        self.prefix, self.suffix = prefix, suffix
        self.reconnect_s = reconnect_s
        self._decode = _decoder(decode)
        self._splitter = FrameSplitter(framing, checksum, max_length)  # validates the framing
        self._open_serial: OpenSerial = open_serial or _pyserial_open
        self._stop = threading.Event()
        self._connected = threading.Event()
        self._thread: threading.Thread | None = None
        self._proven = False  # the port opened last has worked (data, or STABLE_AFTER_S)

    # --- life cycle ---------------------------------------------------------------------

    @property
    def running(self) -> bool:
        return self._thread is not None and self._thread.is_alive()

    @property
    def connected(self) -> bool:
        """The port is open and being read."""
        return self._connected.is_set()

    def wait_connected(self, timeout: float) -> bool:
        """Wait until the port is open (bytes sent before that are lost: opening flushes)."""
        return self._connected.wait(timeout)

    def start(self) -> None:
        if self.running:
            return
        self._stop.clear()
        self._thread = threading.Thread(target=self._run, name=f"serial-reader {self.port}",
                                        daemon=True)
        self._thread.start()

    def stop(self, timeout: float = 2.0) -> None:
        """Stop reading, close the port and wait (up to `timeout` s) for the thread to end."""
        self._stop.set()
        thread = self._thread
        if thread is None or thread is threading.current_thread():
            return  # from a callback: the thread ends after it returns
        thread.join(timeout)
        if thread.is_alive():
            log.warning("%s reader on %s did not stop within %s s", self.name, self.port, timeout)

    def __enter__(self) -> Self:
        self.start()
        return self

    def __exit__(self, *exc_info: object) -> None:
        self.stop()

    # --- the thread ---------------------------------------------------------------------

    def _run(self) -> None:
        outage = False  # a problem was reported and the port has not worked since
        while not self._stop.is_set():
            try:
                port = self._open()
            except DeviceError as exc:
                if not outage:
                    self._report(exc)
                    outage = True
                self._stop.wait(self.reconnect_s)
                continue
            self._splitter.reset()
            self._splitter.take_errors()
            self._proven = False
            self._connected.set()
            try:
                self._read_until_stopped(port)
            except DeviceError as exc:
                if self._proven:
                    outage = False  # it worked in between: this is a new outage
                if not outage:
                    self._report(exc)
                    outage = True
            finally:
                self._connected.clear()
                try:
                    port.close()
                except Exception:  # a vanished device may fail to close; it is gone anyway
                    log.debug("closing %s failed", self.port, exc_info=True)
            if outage:
                self._stop.wait(self.reconnect_s)

    def _open(self) -> SerialPortLike:
        where = f"cannot open {self.name} at {self.port}"
        try:
            return self._open_serial(self.port, baudrate=self.baudrate, timeout=READ_TIMEOUT_S)
        except DeviceError:
            raise
        except ValueError as exc:  # pyserial: a baud rate or setting the port refuses
            raise DeviceMisconfigured(f"{where}: {exc}") from exc
        except OSError as exc:  # serial.SerialException is an OSError carrying the errno
            raise serial_open_error(exc, where) from exc
        except Exception as exc:  # the thread must survive anything a driver throws
            log.exception("unexpected error opening %s", self.port)
            raise DeviceIOError(f"{where}: {exc!r}") from exc

    def _read_until_stopped(self, port: SerialPortLike) -> None:
        opened = time.monotonic()
        while not self._stop.is_set():
            try:
                # Block for one byte (up to the timeout), then take whatever else has arrived.
                data = port.read(1)
                if data and port.in_waiting:
                    data += port.read(port.in_waiting)
            except OSError as exc:
                raise _errno_error(exc, f"{self.name} at {self.port} stopped answering") from exc
            except Exception as exc:
                log.exception("unexpected error reading %s", self.port)
                raise DeviceIOError(f"reading {self.name} at {self.port} failed: {exc!r}") from exc
            if data or time.monotonic() - opened >= STABLE_AFTER_S:
                self._proven = True
            if data:
                self._handle(data)

    def _handle(self, data: bytes) -> None:
        frames = self._splitter.feed(data)
        for error in self._splitter.take_errors():
            self._report(BadData(f"{self.name} at {self.port}: {error.detail}"))
        for frame in frames:
            try:
                text = self._text(frame)
            except DeviceError as exc:
                self._report(exc)
                continue
            if text:
                self._call(self.on_data, text)

    def _text(self, frame: bytes) -> str:
        """The frame's text without affixes; BadData if it is not text a device would send."""
        where = f"{self.name} at {self.port}"
        try:
            text = self._decode(frame)
        except ValueError as exc:  # UnicodeDecodeError, or a custom decoder's complaint
            raise BadData(f"{where} sent undecodable bytes {frame[:32]!r}: {exc}") from exc
        text = text.strip()
        if any(unicodedata.category(char) == "Cc" for char in text):
            raise BadData(f"{where} sent control characters in {text[:32]!r}")
        if self.prefix:
            if not text.startswith(self.prefix):
                raise BadData(f"{where} sent {text[:32]!r} without the prefix {self.prefix!r}")
            text = text[len(self.prefix):]
        if self.suffix and text.endswith(self.suffix):
            text = text[:-len(self.suffix)]
        return text

    def _report(self, error: DeviceError) -> None:
        log.warning("%s", error.detail)
        self._call(self.on_error, error)

    def _call(self, callback: Callable[[Any], None], value: Any) -> None:
        try:
            callback(value)
        except Exception:  # a failing handler must not stop the device
            log.exception("%s callback failed for %r", self.name, value)


def _decoder(decode: str | Decoder) -> Decoder:
    if callable(decode):
        return decode
    try:
        codecs.lookup(decode)
    except LookupError:
        raise DeviceMisconfigured(f"unknown encoding {decode!r}") from None
    return lambda data: data.decode(decode)


# --- settings shared by serial input devices ------------------------------------------------


def input_fields(config: Mapping[str, Any], what: str, allowed: Collection[str]) -> Fields:
    """`Fields` over `config`, after checking it is a mapping with only `allowed` keys."""
    if not isinstance(config, Mapping):
        raise DeviceMisconfigured(f"{what} settings must be a mapping")
    unknown = set(config) - set(allowed)
    if unknown:
        raise DeviceMisconfigured(f"unknown {what} settings: {sorted(unknown)}")
    return Fields(config, what)


def choice(fields: Fields, key: str, default: str, allowed: Collection[str]) -> str:
    value = fields.text(key, default)
    if value not in allowed:
        raise DeviceMisconfigured(f"{fields.what} setting {key!r} must be one of "
                                  f"{sorted(allowed)}, not {value!r}")
    return value


def affix(fields: Fields, key: str) -> str:
    """A prefix the device adds to each code: may be empty, must be printable."""
    value = fields.config.get(key, "")
    if value is None:
        return ""
    if (not isinstance(value, str) or len(value) > 16 or value != value.strip()
            or any(unicodedata.category(char) == "Cc" for char in value)):
        raise DeviceMisconfigured(f"{fields.what} setting {key!r} must be up to 16 printable "
                                  f"characters, not {value!r}")
    return value


def baudrate(fields: Fields) -> int:
    return fields.integer("baudrate", 9600, *BAUDRATES)
