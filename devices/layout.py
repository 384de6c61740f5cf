"""Printer profiles, printable text, column widths and the one receipt layout.

Every renderer (text, ESC/POS, PNG) draws the `Line`s that `layout_receipt` returns, so what the
preview shows and what the paper gets cannot drift apart.

Columns are font A cells (12 x 24 dots). In the GB double-byte mode every non-ASCII character
is printed from the 24 x 24 Chinese font, so it takes 2 columns whatever Unicode says about it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass, replace
from functools import lru_cache
from typing import Literal

from devices.errors import DeviceMisconfigured
from devices.logo import logo_bitmap
from devices.receipt import Align, AmountLine, ItemLine, ReceiptDocument, TextLine
from devices.symbols import code128, code128_module_width, qr_module_size

ENCODINGS = ("gb18030", "gbk", "utf-8")
DOUBLE_BYTE_ENCODINGS = frozenset({"gb18030", "gbk"})
REPLACEMENT = "?"
QR_PLACEHOLDER = "[QR]"
LOGO_PLACEHOLDER = "[LOGO]"
RULE_CHAR = "-"


@dataclass(frozen=True, slots=True)
class PrinterProfile:
    name: str
    columns: int  # font A characters per line
    dots: int  # printable width in dots (203 dpi)
    encoding: str = "gb18030"
    qr_size: int = 4  # preferred dots per QR module
    barcode_height: int = 64  # dots

    @property
    def double_byte(self) -> bool:
        return self.encoding in DOUBLE_BYTE_ENCODINGS


PROFILES = {
    "58mm": PrinterProfile("58mm", columns=32, dots=384, qr_size=4),
    "80mm": PrinterProfile("80mm", columns=48, dots=576, qr_size=6),
}


def get_profile(name: str = "80mm", encoding: str | None = None) -> PrinterProfile:
    try:
        profile = PROFILES[name]
    except KeyError:
        raise DeviceMisconfigured(
            f"unknown paper profile {name!r}; expected one of {sorted(PROFILES)}"
        ) from None
    if encoding is None:
        return profile
    if encoding not in ENCODINGS:
        raise DeviceMisconfigured(f"unknown encoding {encoding!r}; expected one of {ENCODINGS}")
    return replace(profile, encoding=encoding)


# --- printable text -------------------------------------------------------------------------

# The yen/yuan sign U+00A5 is outside GBK (GB18030 only has it as a 4-byte code the printer
# fonts lack); the full-width ￥ U+FFE5 is GB2312 A3A4 and prints everywhere.
_DOUBLE_BYTE_SUBSTITUTES = {"\u00a5": "\uffe5"}
_WHITESPACE_CONTROLS = frozenset("\t\n\r\v\f\x85\u2028\u2029")


def printable(text: str, profile: PrinterProfile) -> str:
    """Text the profile's printer font can draw: everything else becomes "?" or is dropped.

    Control characters never pass (a product name must not smuggle ESC/POS commands in),
    invisible format characters (zero-width joiner, variation selectors) are dropped.
    """
    out = []
    for ch in unicodedata.normalize("NFC", text):
        if profile.double_byte:
            ch = _DOUBLE_BYTE_SUBSTITUTES.get(ch, ch)
        out.append(_printable_char(ch, profile.encoding))
    return "".join(out)


@lru_cache(maxsize=8192)
def _printable_char(ch: str, encoding: str) -> str:
    if " " <= ch <= "~":
        return ch
    if ch in _WHITESPACE_CONTROLS:
        return " "
    category = unicodedata.category(ch)
    if category == "Cf":
        return ""
    if category == "Zs" and ch != "\u3000":  # odd-width spaces; the ideographic one is in GBK
        return " "
    if category[0] == "C" or category in ("Zl", "Zp"):  # controls, surrogates, private, unassigned
        return REPLACEMENT
    if encoding in DOUBLE_BYTE_ENCODINGS:
        # Only the 2-byte part of GB18030 (= GBK) is in printer fonts; 1-byte results other
        # than ASCII (gbk maps € to 0x80) and 4-byte codes would print as garbage.
        try:
            fits = len(ch.encode(encoding)) == 2
        except UnicodeEncodeError:
            fits = False
    else:
        # UTF-8 printers: fonts stop at the Basic Multilingual Plane (no emoji, no CJK ext. B).
        fits = ord(ch) <= 0xFFFF and not 0xFE00 <= ord(ch) <= 0xFE0F
    if fits:
        return ch
    # A mark the font cannot draw (emoji variation selector, a stray accent) is invisible
    # decoration: drop it rather than print a "?" after the character it belongs to.
    return "" if category in ("Mn", "Me") else REPLACEMENT


# --- widths ---------------------------------------------------------------------------------


def char_width(ch: str, profile: PrinterProfile | None = None) -> int:
    """Columns one character takes on the paper (or in a terminal when profile is None)."""
    if ch.isascii():
        return 1
    if profile is not None and profile.double_byte:
        return 2
    if unicodedata.combining(ch):
        return 0
    return 2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1


def display_width(text: str, profile: PrinterProfile | None = None) -> int:
    return sum(char_width(ch, profile) for ch in text)


_TOKEN = re.compile(r" +|[!-~]+|.", re.DOTALL)  # runs of spaces, ASCII words, single others


def wrap(text: str, width: int, profile: PrinterProfile | None = None) -> list[str]:
    """Greedy wrap at `width` columns: Latin words stay whole when they fit, CJK breaks anywhere.

    Always returns at least one line (an empty text is a deliberate blank line).
    """
    lines: list[str] = []
    current, used = "", 0
    for token in _TOKEN.findall(text):
        size = display_width(token, profile)
        if used + size <= width:
            current, used = current + token, used + size
            continue
        if token.isspace():  # a break point: the spaces themselves are not printed
            lines.append(current)
            current, used = "", 0
            continue
        if current.strip():
            lines.append(current)
            current, used = "", 0
        for ch in token:  # a word longer than what is left: move it down, split if still too long
            w = char_width(ch, profile)
            if used + w > width and current:
                lines.append(current)
                current, used = "", 0
            current, used = current + ch, used + w
    lines.append(current)
    stripped = [line.rstrip() for line in lines]
    return [line for line in stripped if line] or [""]


def pad(text: str, width: int, align: Align, profile: PrinterProfile | None = None) -> str:
    """Pad with spaces to `width` columns; text wider than that is returned unchanged."""
    free = max(0, width - display_width(text, profile))
    if align == "right":
        return " " * free + text
    if align == "center":
        return " " * (free // 2) + text + " " * (free - free // 2)
    return text + " " * free


def two_columns(left: str, right: str, width: int, profile: PrinterProfile) -> list[str]:
    """`left` flush left and `right` flush right on one line, or `right` on a line of its own."""
    right_width = display_width(right, profile)
    left_lines = wrap(left, width, profile)
    last = left_lines[-1]
    if display_width(last, profile) + 1 + right_width <= width:
        return [*left_lines[:-1], last + pad(right, width - display_width(last, profile), "right",
                                             profile)]
    return [*left_lines, pad(right, width, "right", profile)]


# --- the receipt layout ---------------------------------------------------------------------

Kind = Literal["text", "barcode", "qr", "image"]


@dataclass(frozen=True, slots=True)
class Line:
    """One printed row. For text, `text` is printable for the profile and fits the width
    (half the columns when double). Barcode/QR rows carry the payload in `data`, what a reader
    sees in `text` (barcode: the human-readable digits; QR: a placeholder) and `size` in dots
    per module. An image row (the logo) carries the file's path in `data` and a placeholder
    in `text`; renderers get the bitmap from `devices.logo.logo_bitmap(data, profile.dots)`."""

    text: str = ""
    align: Align = "left"
    bold: bool = False
    double: bool = False
    kind: Kind = "text"
    data: str = ""
    size: int = 0


def layout_receipt(doc: ReceiptDocument, profile: PrinterProfile) -> list[Line]:
    cols = profile.columns
    rule = Line(RULE_CHAR * cols)
    out: list[Line] = []
    if logo_bitmap(doc.logo, profile.dots) is not None:  # a logo that does not load is left out
        out.append(Line(LOGO_PLACEHOLDER, "center", kind="image", data=doc.logo or ""))
    for text_line in doc.header:
        out += _text_lines(text_line, profile)
    if doc.lines:
        out.append(rule)
        for item in doc.lines:
            out += _item_lines(item, profile)
    if doc.totals or doc.payments:
        out.append(rule)
        for amount in [*doc.totals, *doc.payments]:
            out += _amount_lines(amount, profile)
    if doc.member:
        out.append(rule)
        for text_line in doc.member:
            out += _text_lines(text_line, profile)
    if doc.footer:
        out.append(rule)
        for text_line in doc.footer:
            out += _text_lines(text_line, profile)
    if doc.barcode:
        out.append(Line())
        out += _barcode_lines(doc.barcode, profile)
    if doc.qr:
        out.append(Line())
        size = qr_module_size(doc.qr, profile.dots, profile.qr_size)
        out.append(Line(QR_PLACEHOLDER, "center", kind="qr", data=doc.qr, size=size))
    return out


def _text_lines(line: TextLine, profile: PrinterProfile) -> list[Line]:
    width = profile.columns // 2 if line.double else profile.columns
    rows: list[Line] = []
    for paragraph in line.text.splitlines() or [""]:
        for text in wrap(printable(paragraph, profile), width, profile):
            rows.append(Line(text, line.align, line.bold, line.double))
    return rows


def _item_lines(item: ItemLine, profile: PrinterProfile) -> list[Line]:
    cols = profile.columns
    rows = [Line(text) for text in wrap(printable(item.name, profile), cols, profile)]
    detail = printable(f"{item.qty} x {item.unit_price}", profile)
    amount = printable(item.amount, profile)
    rows += [Line(text) for text in two_columns(detail, amount, cols, profile)]
    return rows


def _amount_lines(line: AmountLine, profile: PrinterProfile) -> list[Line]:
    label = printable(line.label, profile)
    amount = printable(line.amount, profile)
    return [Line(text, bold=line.bold)
            for text in two_columns(label, amount, profile.columns, profile)]


def _barcode_lines(data: str, profile: PrinterProfile) -> list[Line]:
    symbol = code128(data)
    module = code128_module_width(symbol, profile.dots) if symbol else None
    hri = printable(data, profile)
    if symbol is not None and module is not None:
        return [Line(hri, "center", kind="barcode", data=data, size=module)]
    # Too long for this paper as Code128 (or not Code128 text): a QR of the same payload, which
    # the counter's 2D scanner reads just as well, with the number printed below for typing.
    size = qr_module_size(data, profile.dots, profile.qr_size)
    return [Line(QR_PLACEHOLDER, "center", kind="qr", data=data, size=size),
            *[Line(text, "center") for text in wrap(hri, profile.columns, profile)]]
