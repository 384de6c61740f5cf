"""Barcode scanners: settings, and the serial scanner's reader.

A keyboard-wedge scanner (USB HID, the common case) types the code and its terminator into
whatever has focus; the UI tells it from a person typing by the gap between keys
(`max_gap_ms`) and the length (`min_length`), then calls `strip_affixes`. A serial scanner
(RS-232, or USB in virtual COM mode) is read by `open_serial_scanner` on its own thread.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Protocol

from devices.errors import BadData, DeviceError, DeviceMisconfigured
from devices.framing import FRAMINGS
from devices.serial_reader import (
    ENCODINGS,
    OpenSerial,
    SerialReader,
    affix,
    baudrate,
    choice,
    input_fields,
)

KINDS = ("wedge", "serial", "none")
# The keys a wedge's terminator setting stands for. Enter arrives as CR, LF or CR LF
# depending on the scanner and the platform.
SUFFIXES: dict[str, tuple[str, ...]] = {"enter": ("\r\n", "\r", "\n"), "tab": ("\t",),
                                        "none": ()}
_KEYS = ("kind", "prefix", "suffix", "min_length", "max_gap_ms", "port", "baudrate", "framing",
         "encoding")


@dataclass(frozen=True)
class ScannerSettings:
    kind: str = "wedge"
    prefix: str = ""  # added by the scanner before each code (its setup barcodes); stripped
    suffix: str = "enter"  # the wedge's terminator; a serial scanner's is its framing
    min_length: int = 3  # shorter wedge bursts are typing; shorter serial codes are noise
    max_gap_ms: int = 35  # a wedge types faster than this between keys; people do not
    port: str | None = None
    baudrate: int = 9600
    framing: str = "cr"
    encoding: str = "ascii"  # gb18030 for scanners reading Chinese QR codes


class Affixed(Protocol):
    @property
    def prefix(self) -> str: ...


def scanner_from_config(config: Mapping[str, Any]) -> ScannerSettings:
    """Validated settings from JSON/command-line values. No "kind" means a wedge scanner,
    which needs no setup. Raises DeviceMisconfigured naming the bad key."""
    c = input_fields(config, "scanner", _KEYS)
    kind = choice(c, "kind", "wedge", KINDS)
    return ScannerSettings(
        kind=kind,
        prefix=affix(c, "prefix"),
        suffix=choice(c, "suffix", "enter", SUFFIXES),
        min_length=c.integer("min_length", 3, 1, 64),
        max_gap_ms=c.integer("max_gap_ms", 35, 1, 1000),
        port=c.text("port") if kind == "serial" else c.optional_text("port"),
        baudrate=baudrate(c),
        framing=choice(c, "framing", "cr", FRAMINGS),
        encoding=choice(c, "encoding", "ascii", ENCODINGS),
    )


def strip_affixes(text: str, settings: Affixed) -> str | None:
    """The code in what a wedge typed: surrounding whitespace, the terminator and the prefix
    removed. None when it is not a scan (the configured prefix is missing, or nothing is left).

    Every terminator (Enter, Tab) is whitespace, and no code starts or ends with whitespace, so
    trimming removes whichever one the scanner really sent, even if the setting is wrong.
    """
    text = text.strip()
    if settings.prefix:
        if not text.startswith(settings.prefix):
            return None
        text = text[len(settings.prefix):].strip()
    return text or None


def open_serial_scanner(settings: ScannerSettings, on_scan: Callable[[str], None],
                        on_error: Callable[[DeviceError], None], *,
                        open_serial: OpenSerial | None = None,
                        reconnect_s: float = 2.0) -> SerialReader:
    """Start reading a serial scanner: `on_scan(code)` per code (prefix stripped), `on_error`
    per problem, both on the reader's thread. Call `stop()` on the result when done."""
    if settings.kind != "serial" or not settings.port:
        raise DeviceMisconfigured(f"a {settings.kind} scanner has no serial port to read")

    def on_data(code: str) -> None:
        if len(code) < settings.min_length:
            on_error(BadData(f"scanner at {settings.port} sent {code!r}, shorter than "
                             f"{settings.min_length} characters"))
            return
        on_scan(code)

    reader = SerialReader(settings.port, on_data, on_error, baudrate=settings.baudrate,
                          framing=settings.framing, decode=settings.encoding,
                          prefix=settings.prefix, reconnect_s=reconnect_s,
                          open_serial=open_serial, name="scanner")
    reader.start()
    return reader
