"""Member card numbers: reader formats, conversions, magnetic stripe swipes.

Every vector is worked out by hand below (and was checked with Python: the expressions in the
comments evaluate to the numbers shown).
"""

from __future__ import annotations

import pytest

from devices.cards import (
    CARD_FORMATS,
    INPUT_FORMATS,
    Swipe,
    detect_format,
    normalise_card,
    parse_swipe,
)
from devices.errors import CardFormatError, DeviceError, DeviceMisconfigured

# Chip A, an EM4100 ID of 5 bytes 0A 02 6F 6C 3A:
#   0x0A026F6C3A == 42990529594
#   low 4 bytes 0x026F6C3A == 2*16**6 + 0x6F6C3A == 33554432 + 7302202 == 40856634
#   low 3 bytes 0x6F6C3A == 0x6F*65536 + 0x6C3A == 111*65536 + 27706 == 7302202
CHIP_A = {"10H": "0A026F6C3A", "8H": "026F6C3A", "8H10D": "0040856634", "6H8D": "07302202",
          "W26": "111,27706"}
# Chip B, 4 bytes 00 26 F0 BA (note: 0x0026F0BA is 2551994, not 2552506):
#   0x26F0BA == 0x26*65536 + 0xF0BA == 38*65536 + 61626 == 2490368 + 61626 == 2551994
CHIP_B = {"8H": "0026F0BA", "8H10D": "0002551994", "6H8D": "02551994", "W26": "038,61626"}
# Chip C, all ones: 0xFFFFFFFF == 4294967295, 0xFFFFFF == 16777215, 0xFF == 255, 0xFFFF == 65535
CHIP_C = {"10H": "FFFFFFFFFF", "8H": "FFFFFFFF", "8H10D": "4294967295", "6H8D": "16777215",
          "W26": "255,65535"}
SIZES = {"10H": 5, "8H": 4, "8H10D": 4, "6H8D": 3, "W26": 3}


def _conversions(chip: dict[str, str]):
    for source, text in chip.items():
        for target, expected in chip.items():
            if SIZES[source] >= SIZES[target]:
                yield source, text, target, expected


@pytest.mark.parametrize(("source", "text", "target", "expected"),
                         [*_conversions(CHIP_A), *_conversions(CHIP_B), *_conversions(CHIP_C)])
def test_conversions_from_more_bytes_to_fewer(source: str, text: str, target: str,
                                              expected: str) -> None:
    assert normalise_card(text, target, source) == expected


@pytest.mark.parametrize(("text", "target", "expected"), [
    ("0A026F6C3A", "8H10D", "0040856634"),  # 10H detected by its letters
    ("0a026f6c3a", "10H", "0A026F6C3A"),  # lower-case hex is fine, rendered upper-case
    ("026F6C3A", "W26", "111,27706"),
    ("0040856634", "6H8D", "07302202"),  # 10 digits: 8H10D
    ("07302202", "W26", "111,27706"),  # 8 digits: 6H8D
    ("111,27706", "6H8D", "07302202"),  # digits,digits: W26
    ("1,2", "W26", "001,00002"),  # 1*65536 + 2
    ("  0040856634\r\n", "8H", "026F6C3A"),  # trimmed
    ("００４０８５６６３４", "W26", "111,27706"),  # a Chinese IME in full-width mode
])
def test_auto_detection_then_conversion(text: str, target: str, expected: str) -> None:
    assert normalise_card(text, target) == expected


@pytest.mark.parametrize(("text", "kind"), [
    ("0A026F6C3A", "10H"), ("026f6c3a", "8H"), ("0040856634", "8H10D"), ("07302202", "6H8D"),
    ("111,27706", "W26"), (";12345678?", "swipe"), ("%B1^X^?", "swipe"), ("+1?", "swipe"),
    ("123456789", "raw"), ("VIP-0001", "raw"), ("0A026F6C3G", "raw"), ("111,", "raw"),
    ("00123456", "6H8D"),  # an 8H ID without a letter is read as 6H8D: set input_format then
])
def test_detect_format(text: str, kind: str) -> None:
    assert detect_format(text) == kind


@pytest.mark.parametrize(("text", "source", "target", "detail"), [
    ("07302202", "auto", "8H10D",
     "a 6H8D number holds 3 bytes; the store's 8H10D card numbers need 4"),
    ("111,27706", "auto", "8H", "a W26 number holds 3 bytes; the store's 8H card numbers need 4"),
    ("026F6C3A", "auto", "10H", "an 8H number holds 4 bytes; the store's 10H card numbers need 5"),
    ("0040856634", "8H10D", "10H", "8H10D number holds 4 bytes"),
])
def test_fewer_bytes_cannot_become_more(text: str, source: str, target: str, detail: str) -> None:
    with pytest.raises(CardFormatError) as err:
        normalise_card(text, target, source)
    assert detail in err.value.detail
    assert err.value.code == "bad_card"


@pytest.mark.parametrize(("text", "source", "words"), [
    ("", "auto", "empty"),
    ("   ", "8H10D", "empty"),
    ("12\x0734", "auto", "control character"),
    ("0040\x00856634", "8H10D", "control character"),
    ("4294967296", "auto", "4294967295"),  # 0xFFFFFFFF + 1
    ("9999999999", "8H10D", "4294967295"),
    ("16777216", "6H8D", "16777215"),  # 0xFFFFFF + 1
    ("256,00001", "auto", "facility code 256 is over 255"),
    ("1234,1", "W26", "over 255"),
    ("1,65536", "auto", "card number 65536 is over 65535"),
    ("111;27706", "W26", "facility,number"),
    ("12345abcde", "8H10D", "10 decimal digits"),
    ("004085663", "8H10D", "10 decimal digits"),  # a digit short
    ("0A026F6C3G", "10H", "10 hex digits"),
    ("026F6C3A", "6H8D", "8 decimal digits"),
    ("VIP-0001", "auto", "not a chip ID"),  # raw text cannot become an 8H10D number
    (";12345678?", "auto", "magnetic stripe"),  # nor can a swipe
    (";12345678", "auto", "no end sentinel"),
])
def test_garbage_is_a_card_format_error(text: str, source: str, words: str) -> None:
    with pytest.raises(CardFormatError) as err:
        normalise_card(text, "8H10D", source)
    assert words in err.value.detail
    assert isinstance(err.value, DeviceError)


def test_raw_keeps_the_text_as_typed() -> None:
    assert normalise_card("  VIP-0001 ", "raw") == "VIP-0001"
    assert normalise_card("0a026f6c3a", "raw") == "0a026f6c3a"
    # In auto mode a raw store takes any 10 digits, even over 8H10D's range (a printed number)...
    assert normalise_card("9999999999", "raw") == "9999999999"
    # ...but a reader declared to send 8H10D must send it.
    with pytest.raises(CardFormatError):
        normalise_card("9999999999", "raw", "8H10D")
    assert normalise_card("111,27706", "raw", "W26") == "111,27706"
    assert normalise_card("会员8888", "raw") == "会员8888"  # a QR e-card's text
    with pytest.raises(CardFormatError, match="control character"):
        normalise_card("VIP\x1b0001", "raw")


def test_swipe_gives_the_card_number_in_raw_stores_only() -> None:
    assert normalise_card(";12345678?", "raw") == "12345678"
    assert normalise_card(";12345678?", "raw", "swipe") == "12345678"
    assert normalise_card("%B6225880012345678^ZHANG/SAN^2512101?", "raw") == "6225880012345678"
    with pytest.raises(CardFormatError, match="store's W26 card numbers"):
        normalise_card(";12345678?", "W26")
    with pytest.raises(CardFormatError, match="no card number"):
        normalise_card("+0123456789?", "raw")  # only track 3


def test_unknown_format_names_are_misconfiguration() -> None:
    with pytest.raises(DeviceMisconfigured):
        normalise_card("0040856634", "8H10")
    with pytest.raises(DeviceMisconfigured):
        normalise_card("0040856634", "raw", "wiegand")
    assert CARD_FORMATS == ("10H", "8H", "8H10D", "6H8D", "W26", "raw")
    assert set(INPUT_FORMATS) == {"auto", "swipe", *CARD_FORMATS}


# --- magnetic stripe ------------------------------------------------------------------------

TRACK1_B = "B6225880012345678^ZHANG/SAN^2512101000000"
TRACK2 = "6225880012345678=2512101000000"


@pytest.mark.parametrize(("text", "expected"), [
    (f"%{TRACK1_B}?;{TRACK2}?", Swipe(TRACK1_B, TRACK2)),
    (f"%{TRACK1_B}?", Swipe(TRACK1_B)),
    (";12345678?", Swipe(None, "12345678")),
    ("%12345678?", Swipe("12345678")),
    # an LRC character after each end sentinel, and the reader's CR LF
    (f"%{TRACK1_B}?Z;{TRACK2}?5;0112345678=?7\r\n", Swipe(TRACK1_B, TRACK2, "0112345678=")),
    # an LRC that looks like a start sentinel but starts no track
    (";12345678?;", Swipe(None, "12345678")),
    (";12345678?;\r\n", Swipe(None, "12345678")),
    # one track per line
    (f"%{TRACK1_B}?\r\n;{TRACK2}?\r\n+99=1?\r\n", Swipe(TRACK1_B, TRACK2, "99=1")),
    # a track the reader could not read ("E") or that is empty
    (";E?;12345678?", Swipe(None, None, "12345678")),
    ("%E?;12345678?", Swipe(None, "12345678")),
    ("%?;12345678?", Swipe(None, "12345678")),
])
def test_parse_swipe(text: str, expected: Swipe) -> None:
    assert parse_swipe(text) == expected


@pytest.mark.parametrize(("swipe", "number"), [
    (Swipe(TRACK1_B, TRACK2), "6225880012345678"),  # track 2 first
    (Swipe(TRACK1_B, "87654321"), "87654321"),
    (Swipe(TRACK1_B), "6225880012345678"),  # format B: between B and ^
    (Swipe("B3712 345678 90123^LI/SI^2512"), "371234567890123"),  # spaces in the PAN
    (Swipe("12345678"), "12345678"),  # not format B: the whole track
    (Swipe("VIP12345", "=2512"), "VIP12345"),  # track 2 without a number
    (Swipe(None, None, "0112345678"), None),
])
def test_card_number(swipe: Swipe, number: str | None) -> None:
    assert swipe.card_number == number


@pytest.mark.parametrize(("text", "words"), [
    ("", "empty"),
    ("\r\n", "empty"),
    ("12345678?", "unexpected '1'"),
    (";12345678", "no end sentinel"),
    (";12A45678?", "characters a magnetic stripe cannot"),
    (";123\x00?", "control character"),
    ("%E?;E?", "could not be read"),
    (";1?;2?;3?", "track 3 twice"),
    (";12345678?XY", "unexpected 'Y'"),  # one LRC character, not two
])
def test_bad_swipes(text: str, words: str) -> None:
    with pytest.raises(CardFormatError) as err:
        parse_swipe(text)
    assert words in err.value.detail
