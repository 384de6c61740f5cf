"""Member card readers (magnetic stripe, RFID/IC): settings, and the serial reader.

A "driver-free" USB reader is a keyboard wedge: the UI collects the burst it types (like a
scanner's) and calls `card_from_text`. A serial reader sends one frame per card (STX/ETX by
default) and is read by `open_serial_card_reader` on its own thread. Either way the till gets
the card number in the store's format (`card_format`, see devices.cards).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from devices.cards import CARD_FORMATS, INPUT_FORMATS, normalise_card
from devices.errors import DeviceError, DeviceMisconfigured
from devices.framing import CHECKSUMS, FRAMINGS, check_framing
from devices.scanner import KINDS, SUFFIXES, strip_affixes
from devices.serial_reader import OpenSerial, SerialReader, affix, baudrate, choice, input_fields

_KEYS = ("kind", "input_format", "card_format", "prefix", "suffix", "max_gap_ms", "port",
         "baudrate", "framing", "checksum")


@dataclass(frozen=True)
class CardReaderSettings:
    kind: str = "wedge"
    input_format: str = "auto"  # what the reader sends (devices.cards.INPUT_FORMATS)
    card_format: str = "raw"  # how the store's member card numbers are written
    prefix: str = ""
    suffix: str = "enter"  # the wedge's terminator
    max_gap_ms: int = 35  # a wedge types faster than this between keys
    port: str | None = None
    baudrate: int = 9600
    framing: str = "stx_etx"
    checksum: str = "none"  # "xor": a check byte follows ETX


def card_reader_from_config(config: Mapping[str, Any]) -> CardReaderSettings:
    """Validated settings from JSON/command-line values (no "kind": a wedge reader).
    Raises DeviceMisconfigured naming the bad key."""
    c = input_fields(config, "card reader", _KEYS)
    kind = choice(c, "kind", "wedge", KINDS)
    settings = CardReaderSettings(
        kind=kind,
        input_format=choice(c, "input_format", "auto", INPUT_FORMATS),
        card_format=choice(c, "card_format", "raw", CARD_FORMATS),
        prefix=affix(c, "prefix"),
        suffix=choice(c, "suffix", "enter", SUFFIXES),
        max_gap_ms=c.integer("max_gap_ms", 35, 1, 1000),
        port=c.text("port") if kind == "serial" else c.optional_text("port"),
        baudrate=baudrate(c),
        framing=choice(c, "framing", "stx_etx", FRAMINGS),
        checksum=choice(c, "checksum", "none", CHECKSUMS),
    )
    try:
        check_framing(settings.framing, settings.checksum)
    except DeviceMisconfigured as exc:
        raise DeviceMisconfigured(f"card reader settings: {exc.detail}") from None
    return settings


def card_from_text(text: str, settings: CardReaderSettings) -> str | None:
    """The card number in what a wedge reader typed. None when it is not a card (the
    configured prefix is missing); CardFormatError when it is not a valid card number."""
    data = strip_affixes(text, settings)
    if data is None:
        return None
    return normalise_card(data, settings.card_format, settings.input_format)


def open_serial_card_reader(settings: CardReaderSettings, on_card: Callable[[str], None],
                            on_error: Callable[[DeviceError], None], *,
                            open_serial: OpenSerial | None = None,
                            reconnect_s: float = 2.0) -> SerialReader:
    """Start reading a serial card reader: `on_card(number)` per card, in the store's format;
    `on_error` per problem (a CardFormatError drops that card and reading goes on). Both run on
    the reader's thread. Call `stop()` on the result when done."""
    if settings.kind != "serial" or not settings.port:
        raise DeviceMisconfigured(f"a {settings.kind} card reader has no serial port to read")

    def on_data(text: str) -> None:
        try:
            number = normalise_card(text, settings.card_format, settings.input_format)
        except DeviceError as exc:
            on_error(exc)
            return
        on_card(number)

    reader = SerialReader(settings.port, on_data, on_error, baudrate=settings.baudrate,
                          framing=settings.framing, checksum=settings.checksum, decode="ascii",
                          prefix=settings.prefix, reconnect_s=reconnect_s,
                          open_serial=open_serial, name="card reader")
    reader.start()
    return reader
