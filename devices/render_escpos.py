"""A receipt as ESC/POS bytes, built on python-escpos's command helpers (`Dummy` collects them).

Text does not go through python-escpos's code-page "magic" encoder: it would pick a single-byte
code page and cannot express Chinese. We write text ourselves: ASCII as is, and every run of
Chinese wrapped in FS & ... FS . (enter / leave the double-byte mode) encoded in the profile's
GB encoding, so the output does not depend on whether the printer boots in Chinese mode.
UTF-8 profiles get plain UTF-8.

The logo goes out as one GS v 0 raster bit image, built here too: python-escpos's image()
centres only against its own capability profile's paper width (and prints a notice to stdout
when that is unknown). We pad the bitmap to the full paper width with the logo in the middle,
so it is centred whether or not the printer applies ESC a to raster images.

The output depends only on the document (and its logo file), the profile and the drawer settings
(golden-tested).
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import groupby
from typing import TYPE_CHECKING

from escpos.constants import QR_ECLEVEL_M
from PIL import Image

from devices.errors import DeviceMisconfigured
from devices.layout import Line, PrinterProfile, get_profile, layout_receipt, printable
from devices.logo import logo_bitmap
from devices.receipt import Align, ReceiptDocument
from devices.symbols import code128

if TYPE_CHECKING:
    from escpos.printer import Dummy

ESC, GS, FS = b"\x1b", b"\x1d", b"\x1c"
KANJI_ON = FS + b"&"
KANJI_OFF = FS + b"."
LF = b"\n"
RASTER = GS + b"v0"
_INVERT = bytes(255 - i for i in range(256))  # PIL "1": a set bit is white; ESC/POS: a dot


@dataclass(frozen=True, slots=True)
class DrawerKick:
    """ESC p m t1 t2: a pulse on connector pin 2 or 5; on/off times in ms (sent in 2 ms units)."""

    pin: int = 2
    on_ms: int = 100
    off_ms: int = 100

    def __post_init__(self) -> None:
        if self.pin not in (2, 5):
            raise DeviceMisconfigured(f"drawer pin must be 2 or 5, not {self.pin!r}")
        for name in ("on_ms", "off_ms"):
            value = getattr(self, name)
            if not isinstance(value, int) or not 2 <= value <= 510:
                raise DeviceMisconfigured(f"drawer {name} must be 2..510 ms, not {value!r}")

    def sequence(self) -> list[int]:
        return [0x1B, 0x70, 0 if self.pin == 2 else 1, self.on_ms // 2, self.off_ms // 2]

    def command(self) -> bytes:
        return bytes(self.sequence())


def encode_text(text: str, profile: PrinterProfile) -> bytes:
    """Bytes for one line of text (no line feed). Sanitises again: nothing unprintable leaves."""
    text = printable(text, profile)
    if not profile.double_byte:
        return text.encode("utf-8")
    out = bytearray()
    for is_ascii, run in groupby(text, key=str.isascii):
        chunk = "".join(run)
        if is_ascii:
            out += chunk.encode("ascii")
        else:
            out += KANJI_ON + chunk.encode(profile.encoding) + KANJI_OFF
    return bytes(out)


def render_escpos(doc: ReceiptDocument, profile: PrinterProfile | None = None,
                  drawer: DrawerKick | None = None) -> bytes:
    # python-escpos loads its printer capability database on import (~0.4 s); the till imports
    # it with the first receipt, off the UI thread, not at start-up.
    from escpos.printer import Dummy

    profile = profile or get_profile()
    p = Dummy()
    p.hw("INIT")  # ESC @: a known state, whatever the last job left behind
    if doc.open_drawer:
        # Kick first: the drawer opens while the receipt prints, the cashier does not wait.
        p.cashdraw((drawer or DrawerKick()).sequence())
    style = _Style(p)
    for line in layout_receipt(doc, profile):
        style.apply(line.align, line.bold, line.double)
        if line.kind == "barcode":
            _barcode(p, line, profile)
        elif line.kind == "qr":
            p.qr(line.data, ec=QR_ECLEVEL_M, size=line.size, native=True)
        elif line.kind == "image":
            bitmap = logo_bitmap(line.data, profile.dots)
            if bitmap is not None:  # None only if the file broke since the layout looked
                p._raw(raster_image(bitmap, profile.dots))
        else:
            p._raw(encode_text(line.text, profile) + LF)
    p.cut()  # ESC d 6 (feed past the cutter), GS V 0
    return p.output


def raster_image(bitmap: Image.Image, width: int) -> bytes:
    """GS v 0: `bitmap` (mode "1") centred on a white band `width` dots wide (rounded up to
    whole bytes), normal density. The printer feeds past the image by itself."""
    width_bytes = (max(width, bitmap.width) + 7) // 8
    band = Image.new("1", (width_bytes * 8, bitmap.height), 1)
    band.paste(bitmap, ((band.width - bitmap.width) // 2, 0))
    header = RASTER + bytes([0, width_bytes & 0xFF, width_bytes >> 8,
                             bitmap.height & 0xFF, bitmap.height >> 8])
    return header + band.tobytes().translate(_INVERT)


def _barcode(p: Dummy, line: Line, profile: PrinterProfile) -> None:
    symbol = code128(line.data)
    if symbol is None:  # the layout only makes barcode lines for encodable data
        raise ValueError(f"not Code128 data: {line.data!r}")
    # The hardware command directly: the public barcode() prints to stdout and, depending on
    # the capability profile, may switch to a software-rendered image.
    p._hw_barcode(symbol.escpos, "CODE128", height=profile.barcode_height, width=line.size,
                  pos="BELOW", font="A", align_ct=False, function_type="B", check=True)


class _Style:
    """Sends alignment, bold and size only when they change (ESC @ starts left/plain/normal)."""

    def __init__(self, p: Dummy) -> None:
        self.p = p
        self.align: Align = "left"
        self.bold = False
        self.double = False

    def apply(self, align: Align, bold: bool, double: bool) -> None:
        if align != self.align:
            self.p.set(align=align)  # ESC a n
            self.align = align
        if bold != self.bold:
            self.p.set(bold=bold)  # ESC E n
            self.bold = bold
        if double != self.double:
            # GS ! (not ESC !): it scales the Chinese font too.
            size = 2 if double else 1
            self.p.set(custom_size=True, width=size, height=size)
            self.double = double
