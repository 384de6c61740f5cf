"""A receipt as a PNG: what the paper looks like (preview on screen, virtual printer).

Drawn on the printer's grid: 12 x 24 dot cells (24 x 48 when double), 384 or 576 dots wide,
one character per cell so Chinese and digits line up exactly as on the thermal paper.
"""

from __future__ import annotations

import io
import shutil
import subprocess
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from barcode.codex import Code128 as BarcodeCode128
from PIL import Image, ImageDraw, ImageFont

from devices.errors import CjkFontMissing
from devices.layout import Line, PrinterProfile, char_width, get_profile, layout_receipt
from devices.logo import logo_bitmap
from devices.receipt import ReceiptDocument
from devices.symbols import QR_QUIET_MODULES, qr_matrix

CELL_W, CELL_H = 12, 24  # font A
LINE_SPACING = 6  # dots between rows (ESC 2 default is 30 dots per 24-dot row)
MARGIN = 12
HRI_GAP = 4
WHITE, BLACK = 255, 0
PROBE = "可"  # a common hanzi every Chinese font has
KNOWN_FONTS = (  # (path, face index) tried when fontconfig does not answer
    ("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc", 2),  # index 2 = SC
    ("/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc", 2),
    ("/usr/share/fonts/truetype/wqy/wqy-microhei.ttc", 0),
    ("/usr/share/fonts/truetype/wqy/wqy-zenhei.ttc", 0),
    ("C:/Windows/Fonts/msyh.ttc", 0),
    ("C:/Windows/Fonts/simsun.ttc", 0),
)


@dataclass(frozen=True, slots=True)
class FontSpec:
    path: str
    index: int = 0


def render_png(doc: ReceiptDocument, profile: PrinterProfile | None = None,
               font: FontSpec | None = None) -> bytes:
    buffer = io.BytesIO()
    receipt_image(doc, profile, font).save(buffer, format="PNG")
    return buffer.getvalue()


def receipt_image(doc: ReceiptDocument, profile: PrinterProfile | None = None,
                  font: FontSpec | None = None) -> Image.Image:
    profile = profile or get_profile()
    font = find_cjk_font(font)
    drawn = [(line.align, _draw_line(line, profile, font)) for line in layout_receipt(doc, profile)]
    blocks = [(align, block) for align, block in drawn if block is not None]
    height = 2 * MARGIN + sum(b.height + LINE_SPACING for _, b in blocks)
    page = Image.new("L", (profile.dots, height), WHITE)
    y = MARGIN
    for align, block in blocks:
        x = {"left": 0, "center": (profile.dots - block.width) // 2,
             "right": profile.dots - block.width}[align]
        page.paste(block, (max(0, x), y))
        y += block.height + LINE_SPACING
    return page


# --- fonts ----------------------------------------------------------------------------------


def find_cjk_font(preferred: FontSpec | None = None) -> FontSpec:
    """A font that really draws Chinese: the preferred one, fontconfig's pick, or a known path.

    Raises CjkFontMissing (code "misconfigured") rather than rendering boxes.
    """
    candidates = [preferred] if preferred else [*_fontconfig_fonts(), *_known_fonts()]
    for spec in candidates:
        if covers(spec, PROBE):
            return spec
    tried = ", ".join(f"{c.path}#{c.index}" for c in candidates) or "none found"
    raise CjkFontMissing(f"no font that can draw Chinese (tried: {tried}); "
                         "install fonts-noto-cjk")


def covers(spec: FontSpec, text: str) -> bool:
    """True when every character has a real glyph, not the font's "missing" box (.notdef)."""
    try:
        face = _font(spec, CELL_H)
    except OSError:
        return False
    notdef = _glyph_bitmap(face, "\uffff")  # a noncharacter: always drawn as .notdef
    return all(_glyph_bitmap(face, ch) != notdef for ch in text)


def _glyph_bitmap(face: ImageFont.FreeTypeFont, ch: str) -> bytes:
    mask = face.getmask(ch)
    return bytes(mask) + repr(mask.size).encode()


@lru_cache(maxsize=1)
def _fontconfig_fonts() -> tuple[FontSpec, ...]:
    fc_match = shutil.which("fc-match")
    if fc_match is None:
        return ()
    try:
        result = subprocess.run(
            [fc_match, "-f", "%{file}|%{index}", "Noto Sans CJK SC:lang=zh-cn"],
            capture_output=True, text=True, timeout=10, check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return ()
    file, _, index = result.stdout.strip().partition("|")
    # fontconfig always answers with *some* font (often DejaVu); covers() weeds that out.
    return (FontSpec(file, int(index) if index.isdigit() else 0),) if file else ()


def _known_fonts() -> list[FontSpec]:
    return [FontSpec(p, i) for p, i in KNOWN_FONTS if Path(p).is_file()]


@lru_cache(maxsize=16)
def _font(spec: FontSpec, size: int) -> ImageFont.FreeTypeFont:
    return ImageFont.truetype(spec.path, size, index=spec.index)


# --- drawing one row ------------------------------------------------------------------------

def _draw_line(line: Line, profile: PrinterProfile, font: FontSpec) -> Image.Image | None:
    if line.kind == "image":
        # the logo bitmap as the printer gets it (None only if the file broke since the layout)
        bitmap = logo_bitmap(line.data, profile.dots)
        return None if bitmap is None else bitmap.convert("L")
    if line.kind == "barcode":
        return _barcode_block(line, profile, font)
    if line.kind == "qr":
        return _qr_block(line)
    return _text_block(line, profile, font)


def _text_block(line: Line, profile: PrinterProfile, font: FontSpec) -> Image.Image:
    scale = 2 if line.double else 1
    cell_w, cell_h = CELL_W * scale, CELL_H * scale
    widths = [char_width(ch, profile) for ch in line.text]
    block = Image.new("L", (max(1, sum(widths) * cell_w), cell_h), WHITE)
    draw = ImageDraw.Draw(block)
    face = _font(font, cell_h)
    baseline = round(cell_h * 0.86)  # leaves room for descenders in a 24-dot cell
    x = 0
    for ch, w in zip(line.text, widths, strict=True):
        if not ch.isspace():
            draw.text((x + w * cell_w / 2, baseline), ch, fill=BLACK, font=face, anchor="ms",
                      stroke_width=1 if line.bold else 0, stroke_fill=BLACK)
        x += w * cell_w
    return block


def _barcode_block(line: Line, profile: PrinterProfile, font: FontSpec) -> Image.Image:
    modules = BarcodeCode128(line.data).build()[0]
    bars_w = len(modules) * line.size
    hri = _text_block(Line(line.text), profile, font)
    block = Image.new("L", (max(bars_w, hri.width), profile.barcode_height + HRI_GAP + hri.height),
                      WHITE)
    draw = ImageDraw.Draw(block)
    x0 = (block.width - bars_w) // 2
    for i, module in enumerate(modules):
        if module == "1":
            x = x0 + i * line.size
            draw.rectangle((x, 0, x + line.size - 1, profile.barcode_height - 1), fill=BLACK)
    block.paste(hri, ((block.width - hri.width) // 2, profile.barcode_height + HRI_GAP))
    return block


def _qr_block(line: Line) -> Image.Image:
    matrix = qr_matrix(line.data)
    side = (len(matrix) + 2 * QR_QUIET_MODULES) * line.size
    block = Image.new("L", (side, side), WHITE)
    draw = ImageDraw.Draw(block)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            if dark:
                x = (col + QR_QUIET_MODULES) * line.size
                y = (row + QR_QUIET_MODULES) * line.size
                draw.rectangle((x, y, x + line.size - 1, y + line.size - 1), fill=BLACK)
    return block
