"""Barcode and QR geometry, so the layout can decide what fits on the paper before printing.

A Code128 symbol wider than the printable area is silently dropped by ESC/POS printers, so we
compute its width ourselves instead of finding out at the counter.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

import qrcode
import qrcode.constants

START_B, START_C, CODE_B, CODE_C = 104, 105, 100, 99
QUIET_MODULES = 10  # Code128 needs a 10-module quiet zone on each side to scan reliably
QR_QUIET_MODULES = 4
QR_ERROR_CORRECTION = qrcode.constants.ERROR_CORRECT_M  # survives a smudge or a fold
_DIGIT_RUN = re.compile(r"\d{4,}")
_CODE_B_TEXT = re.compile(r"[\x20-\x7e]+")


@dataclass(frozen=True, slots=True)
class Code128:
    data: str
    symbols: tuple[int, ...]  # start, data symbols and code-set switches; no check, no stop
    escpos: str  # data for GS k 73: "{B"/"{C" switches, code C pairs as single bytes 0..99

    @property
    def check(self) -> int:
        first, *rest = self.symbols
        return (first + sum(i * v for i, v in enumerate(rest, start=1))) % 103

    @property
    def modules(self) -> int:
        # each symbol and the check character are 11 modules; the stop pattern is 13.
        return 11 * (len(self.symbols) + 1) + 13


def code128(data: str) -> Code128 | None:
    """Encode with code set B, switching to C for runs of 4+ digits (shorter symbol).

    None when the data holds anything code set B cannot carry (non-ASCII, control characters).
    """
    if not data or not _CODE_B_TEXT.fullmatch(data):
        return None
    segments: list[tuple[str, str]] = []  # (code set, text)
    pos = 0
    runs = list(_DIGIT_RUN.finditer(data))
    if data.isdigit() and len(data) % 2 == 0:  # "00", "42": one code C pair each
        runs = [re.match(r".*", data)]
    for run in runs:
        start = run.start()
        if (run.end() - start) % 2:  # an odd run: its first digit goes in code B
            start += 1
        if start > pos:
            segments.append(("B", data[pos:start]))
        segments.append(("C", data[start : run.end()]))
        pos = run.end()
    if pos < len(data):
        segments.append(("B", data[pos:]))

    symbols: list[int] = []
    escpos = []
    for index, (code_set, text) in enumerate(segments):
        if index == 0:
            symbols.append(START_C if code_set == "C" else START_B)
        else:
            symbols.append(CODE_C if code_set == "C" else CODE_B)
        escpos.append("{" + code_set)
        if code_set == "C":
            pairs = [int(text[i : i + 2]) for i in range(0, len(text), 2)]
            symbols += pairs
            escpos.append("".join(chr(p) for p in pairs))
        else:
            symbols += [ord(c) - 32 for c in text]
            escpos.append(text.replace("{", "{{"))  # Epson escapes a literal brace
    return Code128(data, tuple(symbols), "".join(escpos))


def code128_module_width(code: Code128, dots: int) -> int | None:
    """The widest module (3 or 2 dots, the ESC/POS range we trust) that fits, or None."""
    for width in (3, 2):
        if (code.modules + 2 * QUIET_MODULES) * width <= dots:
            return width
    return None


def qr_matrix(data: str) -> list[list[bool]]:
    """The QR modules without quiet zone, at the error correction level the printer is sent."""
    qr = qrcode.QRCode(error_correction=QR_ERROR_CORRECTION, border=0)
    qr.add_data(data.encode("utf-8"))
    qr.make(fit=True)
    return qr.get_matrix()


def qr_module_size(data: str, dots: int, preferred: int) -> int:
    """Dots per QR module: the preferred size, shrunk until the symbol fits the paper."""
    modules = len(qr_matrix(data)) + 2 * QR_QUIET_MODULES
    return max(1, min(preferred, dots // modules))
