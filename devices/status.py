"""ESC/POS real-time status: DLE EOT n queries and the one-byte replies to them.

The printer answers DLE EOT (0x10 0x04 n) at once, even while offline or in the middle of a
job, with one byte. Every reply byte has a fixed frame (bit 0 = 0, bit 1 = 1, bit 4 = 1,
bit 7 = 0); a byte without it is not a status reply (line noise, a stale byte from something
else, a printer that does not speak ESC/POS) and is treated as no answer at all.

Only plain data and pure functions here: `devices.base.Printer` sends the queries and reads the
replies over whatever connection it has.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any

from devices.errors import DeviceIOError, DeviceOffline

PRINTER_STATUS = 1  # n=1: online/offline, drawer kick-out connector pin 3
OFFLINE_CAUSE = 2  # n=2: why the printer is offline (cover, feed button, paper end, error)
PAPER_SENSOR = 4  # n=4: roll paper near-end and end sensors
STATUS_QUERIES = (PRINTER_STATUS, OFFLINE_CAUSE, PAPER_SENSOR)

# The fixed bits of every reply: bits 1 and 4 set, bits 0 and 7 clear.
_FRAME_MASK = 0b1001_0011
_FRAME_VALUE = 0b0001_0010

# n=1
_DRAWER_PIN3 = 0x04  # bit 2: level of the drawer kick-out connector pin 3
_OFFLINE = 0x08  # bit 3
# n=2
_COVER_OPEN = 0x04  # bit 2
# bit 3 (paper fed with the feed button) only explains a short offline spell: not decoded.
_PAPER_STOP = 0x20  # bit 5: printing stopped because the paper ran out
_ERROR = 0x40  # bit 6: an error (cutter jam, head too hot, ...)
# n=4
PAPER_NEAR_END_BITS = 0x0C  # bits 2 and 3
PAPER_END_BITS = 0x60  # bits 5 and 6


def status_query(n: int) -> bytes:
    """The DLE EOT n bytes for one of STATUS_QUERIES."""
    if n not in STATUS_QUERIES:
        raise ValueError(f"DLE EOT {n!r} is not a status query this package knows")
    return bytes((0x10, 0x04, n))


def is_status_byte(value: int) -> bool:
    """Whether `value` has the fixed frame of a DLE EOT reply."""
    return value & _FRAME_MASK == _FRAME_VALUE


def reply_byte(n: int, reply: bytes) -> int:
    """The status byte in what the printer sent back for DLE EOT n.

    Nothing → DeviceOffline (the printer is off, unplugged or not an ESC/POS printer). A byte
    without the reply frame → DeviceIOError: it would be read as nonsense otherwise. When more
    than one byte arrived the last one is the answer: anything before it was left over.
    """
    if not reply:
        raise DeviceOffline(f"the printer did not answer the status query DLE EOT {n}")
    value = reply[-1]
    if not is_status_byte(value):
        raise DeviceIOError(f"the printer answered DLE EOT {n} with 0x{value:02x}, "
                            "which is not an ESC/POS status byte")
    return value


def drawer_pin3_high(printer_status: int) -> bool:
    """Level of the drawer connector's pin 3 in a DLE EOT 1 reply (the drawer switch, if wired)."""
    return bool(printer_status & _DRAWER_PIN3)


def paper_end(paper_sensor: int) -> bool:
    """Paper end in a DLE EOT 4 reply."""
    return bool(paper_sensor & PAPER_END_BITS)


def cover_open(offline_cause: int) -> bool:
    """Cover open in a DLE EOT 2 reply."""
    return bool(offline_cause & _COVER_OPEN)


@dataclass(frozen=True, slots=True)
class PrinterStatus:
    """What the printer said about itself. `drawer_pin3_high` is None when unknown (simulators)."""

    online: bool
    cover_open: bool
    paper_out: bool
    paper_near_end: bool
    drawer_pin3_high: bool | None
    error: bool

    @property
    def problem(self) -> str | None:
        """The DeviceError code that stops printing, most actionable first, or None.

        An open cover and paper end both take the printer offline too, so they are named before
        "offline"; an error (cutter jam, overheating) also stops it and reads as "offline".
        Paper near end is not a problem: the roll still prints for a while.
        """
        if self.cover_open:
            return "cover_open"
        if self.paper_out:
            return "paper_out"
        if not self.online or self.error:
            return "offline"
        return None

    def to_dict(self) -> dict[str, Any]:
        return {**asdict(self), "problem": self.problem}


def parse_status(printer_status: int, offline_cause: int, paper_sensor: int) -> PrinterStatus:
    """A PrinterStatus from the (already validated) replies to DLE EOT 1, 2 and 4."""
    return PrinterStatus(
        online=not printer_status & _OFFLINE,
        cover_open=cover_open(offline_cause),
        # Either sensor: n=4 sees the roll, n=2 says a job already stopped for lack of paper.
        paper_out=paper_end(paper_sensor) or bool(offline_cause & _PAPER_STOP),
        paper_near_end=bool(paper_sensor & PAPER_NEAR_END_BITS),
        drawer_pin3_high=drawer_pin3_high(printer_status),
        error=bool(offline_cause & _ERROR),
    )
