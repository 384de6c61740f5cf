"""Member card numbers from magnetic stripe and RFID/IC readers (pure: no I/O).

A reader hands the till text: a magnetic stripe swipe (`;12345678?`) or an RFID chip ID in
one of the formats Chinese "driver-free" readers are set to (10H, 8H, 8H10D, 6H8D, W26). The
store keeps member card numbers in one of those formats (or "raw": the text as printed).
`normalise_card` reads the reader's text into the chip ID bytes it carries and renders them in
the store's format, so a store can replace a reader without re-issuing cards.

All formats describe the same chip ID (the 5-byte EM4100 ID, or a 4-byte Mifare UID); the
shorter ones keep only its low bytes. Bytes that a format dropped cannot be recovered, so
conversion only goes from more bytes to fewer. Conversions assume the reader outputs the bytes
in the same order as the card was enrolled with (some readers reverse Mifare UIDs).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from devices.errors import CardFormatError, DeviceMisconfigured

CARD_FORMATS = ("10H", "8H", "8H10D", "6H8D", "W26", "raw")
INPUT_FORMATS = ("auto", "swipe", *CARD_FORMATS)

# How many low bytes of the chip ID each format carries, and so needs.
FORMAT_BYTES = {"10H": 5, "8H": 4, "8H10D": 4, "6H8D": 3, "W26": 3}

_SENTINELS = "%;+"
_READ_ERROR = "E"  # what common readers put between the sentinels of a track they could not read
# ISO 7811 track 2/3 (5-bit) characters without the sentinels: digits and ":<=>".
_BCD_TRACK = re.compile(r"[0-9:<=>]*")
_HEX = re.compile(r"[0-9A-Fa-f]+")
_DIGITS = re.compile(r"[0-9]+")
_W26 = re.compile(r"([0-9]+),([0-9]+)")
# A Chinese IME left in full-width mode types "０４０８"; fold it to ASCII for parsing.
_FULL_WIDTH = {code: code - 0xFEE0 for code in range(0xFF01, 0xFF5F)} | {0x3000: 0x20}


@dataclass(frozen=True)
class Swipe:
    """The tracks of one swipe, each the text between its sentinels (None: absent/unreadable)."""

    track1: str | None = None
    track2: str | None = None
    track3: str | None = None

    @property
    def card_number(self) -> str | None:
        """Track 2's number (before '='), else track 1's: the PAN of a format B track
        (between 'B' and '^'), or the whole track of a non-B member card."""
        if self.track2:
            number = self.track2.split("=", 1)[0]
            if number:
                return number
        if self.track1:
            if self.track1.startswith("B") and "^" in self.track1:
                return self.track1[1:].split("^", 1)[0].replace(" ", "") or None
            return self.track1.strip() or None
        return None


def parse_swipe(text: str) -> Swipe:
    """Split a swipe (one or several tracks, each optionally followed by an LRC character,
    separated or ended by CR/LF) into its tracks. Raises CardFormatError for anything else."""
    text = _halfwidth(text)
    _reject_control(text, allowed="\r\n")
    tracks: dict[int, str | None] = {}
    i = 0
    while i < len(text):
        if text[i] in "\r\n":
            i += 1
            continue
        data = _track_at(text, i)
        if data is None:
            raise CardFormatError(f"swipe {text.strip()!r} is not magnetic stripe data: "
                                  f"{_why_not_a_track(text, i)}")
        number = _track_number(text[i], tracks)
        if number in tracks:
            raise CardFormatError(f"swipe {text.strip()!r} holds track {number} twice")
        # ";?" (an empty track) and ";E?" (a read error) both mean: nothing usable there.
        tracks[number] = None if data in ("", _READ_ERROR) else data
        i += len(data) + 2
        # An LRC character may follow the end sentinel; it is never the start of a track.
        if i < len(text) and text[i] not in "\r\n" and _track_at(text, i) is None:
            i += 1
    if not tracks:
        raise CardFormatError("empty swipe")
    swipe = Swipe(tracks.get(1), tracks.get(2), tracks.get(3))
    if swipe.track1 is None and swipe.track2 is None and swipe.track3 is None:
        raise CardFormatError("the card's stripe could not be read (swipe again)")
    return swipe


def detect_format(text: str) -> str:
    """The input format a reader's text looks like ("swipe", a CARD_FORMATS name or "raw").

    Ambiguous by nature: an 8H ID without a letter (00123456) looks like 6H8D. Set the reader's
    input format explicitly when it is known.
    """
    text = _halfwidth(text).strip()
    if text and text[0] in _SENTINELS:
        return "swipe"
    if _W26.fullmatch(text):
        return "W26"
    is_hex, is_digits = bool(_HEX.fullmatch(text)), bool(_DIGITS.fullmatch(text))
    if len(text) in (10, 8) and is_hex and not is_digits:
        return "10H" if len(text) == 10 else "8H"
    if len(text) in (10, 8) and is_digits:
        return "8H10D" if len(text) == 10 else "6H8D"
    return "raw"


def normalise_card(raw: str, card_format: str, input_format: str = "auto") -> str:
    """The member card number in the store's `card_format`, from a reader's text in
    `input_format` (INPUT_FORMATS). Raises CardFormatError for text that is not a card number
    in that format, or that carries fewer bytes than `card_format` needs."""
    if card_format not in CARD_FORMATS:
        raise DeviceMisconfigured(f"card format must be one of {CARD_FORMATS}, not {card_format!r}")
    if input_format not in INPUT_FORMATS:
        raise DeviceMisconfigured(f"card input format must be one of {INPUT_FORMATS}, "
                                  f"not {input_format!r}")
    text = raw.strip() if isinstance(raw, str) else ""
    if not text:
        raise CardFormatError("empty card number")
    kind = detect_format(text) if input_format == "auto" else input_format
    if kind == "swipe":
        number = parse_swipe(text).card_number
        if number is None:
            raise CardFormatError("the swipe holds no card number on track 1 or 2")
        if card_format != "raw":
            raise CardFormatError(f"a magnetic stripe carries a card number, not a chip ID; the "
                                  f"store's {card_format} card numbers need an RFID reader "
                                  "(or set the card format to raw)")
        return number
    _reject_control(text)
    if card_format == "raw":
        # Raw numbers are compared as text, so the reader's text is kept as typed. A reader
        # declared to send a chip format must still send that format.
        if input_format != "auto" and kind != "raw":
            _parse_chip_id(text, kind)
        return text
    if kind == "raw":
        raise CardFormatError(f"{text!r} is not a chip ID in a reader format (10H, 8H, 8H10D, "
                              f"6H8D or W26), which the store's {card_format} card numbers need")
    value, size = _parse_chip_id(text, kind)
    need = FORMAT_BYTES[card_format]
    if size < need:
        raise CardFormatError(f"{_a(kind)} {kind} number holds {size} bytes; "
                              f"the store's {card_format} card numbers need {need}")
    return render_chip_id(value & ((1 << 8 * need) - 1), card_format)


def render_chip_id(value: int, card_format: str) -> str:
    """A chip ID (already cut to the format's bytes) as `card_format` text."""
    if card_format == "10H":
        return f"{value:010X}"
    if card_format == "8H":
        return f"{value:08X}"
    if card_format == "8H10D":
        return f"{value:010d}"
    if card_format == "6H8D":
        return f"{value:08d}"
    if card_format == "W26":
        return f"{value >> 16:03d},{value & 0xFFFF:05d}"
    raise DeviceMisconfigured(f"{card_format!r} is not a chip ID format")


# --- helpers --------------------------------------------------------------------------------


def _parse_chip_id(text: str, kind: str) -> tuple[int, int]:
    """(chip ID value, bytes it carries) from text in a chip format; CardFormatError if not."""
    text = _halfwidth(text).strip()
    if kind in ("10H", "8H"):
        length = 10 if kind == "10H" else 8
        if len(text) != length or not _HEX.fullmatch(text):
            raise CardFormatError(f"{_a(kind)} {kind} card ID is {length} hex digits (0-9, A-F), "
                                  f"not {text!r}")
        return int(text, 16), FORMAT_BYTES[kind]
    if kind in ("8H10D", "6H8D"):
        length = 10 if kind == "8H10D" else 8
        if len(text) != length or not _DIGITS.fullmatch(text):
            raise CardFormatError(f"{_a(kind)} {kind} card ID is {length} decimal digits, "
                                  f"not {text!r}")
        value, size = int(text), FORMAT_BYTES[kind]
        if value >= 1 << 8 * size:
            raise CardFormatError(f"{kind} card ID {text} is over {(1 << 8 * size) - 1}, "
                                  f"the largest {size}-byte number")
        return value, size
    if kind == "W26":
        match = _W26.fullmatch(text)
        if match is None:
            raise CardFormatError(f"a W26 card ID is facility,number (like 111,27706), "
                                  f"not {text!r}")
        facility, number = int(match[1]), int(match[2])
        if facility > 0xFF:
            raise CardFormatError(f"W26 facility code {facility} is over 255 in {text!r}")
        if number > 0xFFFF:
            raise CardFormatError(f"W26 card number {number} is over 65535 in {text!r}")
        return facility << 16 | number, FORMAT_BYTES[kind]
    raise CardFormatError(f"{text!r} is not a chip ID")


def _track_at(text: str, i: int) -> str | None:
    """The data of a well-formed track starting at text[i], else None."""
    sentinel = text[i]
    if sentinel not in _SENTINELS:
        return None
    end = text.find("?", i + 1)
    if end < 0:
        return None
    data = text[i + 1:end]
    if data == _READ_ERROR:
        return data
    if sentinel == ";":
        return data if _BCD_TRACK.fullmatch(data) else None
    # Track 1 (and a '+' track 3) may hold letters, but never a start sentinel or line break.
    return None if any(c in "%\r\n" or (sentinel == "+" and c in ";+") for c in data) else data


def _why_not_a_track(text: str, i: int) -> str:
    if text[i] not in _SENTINELS:
        return f"unexpected {text[i]!r} at position {i} (a track starts with %, ; or +)"
    if "?" not in text[i + 1:]:
        return f"the track at position {i} has no end sentinel '?'"
    return f"the track at position {i} holds characters a magnetic stripe cannot"


def _track_number(sentinel: str, seen: dict[int, str | None]) -> int:
    if sentinel == "%":
        return 1
    if sentinel == "+":
        return 3
    # ';' starts track 2, and track 3 on readers that use ';' for both.
    return 3 if 2 in seen else 2


def _reject_control(text: str, allowed: str = "") -> None:
    for position, char in enumerate(text):
        if char not in allowed and unicodedata.category(char) == "Cc":
            raise CardFormatError(f"card data holds a control character (0x{ord(char):02X}) "
                                  f"at position {position}")


def _a(kind: str) -> str:
    return "an" if kind.startswith("8") else "a"  # "an eight-H...", "a six-H..."


def _halfwidth(text: str) -> str:
    return text.translate(_FULL_WIDTH)
