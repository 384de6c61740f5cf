"""PNG preview: the paper width, real Chinese glyphs (not boxes), a real QR."""

from __future__ import annotations

import io
import itertools
from pathlib import Path

import pytest
from PIL import Image, ImageDraw, ImageFont

from devices.errors import CjkFontMissing
from devices.layout import get_profile
from devices.receipt import ReceiptDocument, TextLine
from devices.render_png import (
    CELL_H,
    CELL_W,
    MARGIN,
    FontSpec,
    covers,
    find_cjk_font,
    receipt_image,
    render_png,
)
from devices.symbols import QR_QUIET_MODULES, qr_matrix

from .samples import QR_URL, chinese_receipt

DEJAVU = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
COLA = "可口可乐"


def _dark(image: Image.Image) -> int:
    return sum(image.histogram()[:128])  # pixels darker than mid-grey


@pytest.mark.parametrize(("name", "width"), [("58mm", 384), ("80mm", 576)])
def test_png_is_paper_wide(name: str, width: int) -> None:
    data = render_png(chinese_receipt(), get_profile(name))
    with Image.open(io.BytesIO(data)) as image:
        assert image.format == "PNG"
        assert image.width == width
        assert image.height > 600  # a whole receipt, not an empty strip


def test_the_font_found_draws_chinese() -> None:
    font = find_cjk_font()
    assert covers(font, COLA + "谢惠顾￥")
    assert not covers(font, "\uffff")


def test_chinese_cells_hold_glyphs_not_boxes() -> None:
    font = find_cjk_font()
    doc = ReceiptDocument(header=[TextLine(COLA)])
    image = receipt_image(doc, get_profile("58mm"))
    face = ImageFont.truetype(font.path, CELL_H, index=font.index)
    for i, ch in enumerate(COLA):
        cell = image.crop((i * 2 * CELL_W, MARGIN, (i + 1) * 2 * CELL_W, MARGIN + CELL_H))
        assert _dark(cell) > 40, ch  # ink where the character is
        # the font's "missing glyph" drawn in the same cell looks different
        box = Image.new("L", cell.size, 255)
        ImageDraw.Draw(box).text((CELL_W, round(CELL_H * 0.86)), "\uffff", fill=0, font=face,
                                 anchor="ms")
        assert cell.tobytes() != box.tobytes(), ch
    # the same glyph drawn twice (可 at 0 and 2) is identical: one grid, no drift
    first = image.crop((0, MARGIN, 2 * CELL_W, MARGIN + CELL_H))
    third = image.crop((4 * CELL_W, MARGIN, 6 * CELL_W, MARGIN + CELL_H))
    assert first.tobytes() == third.tobytes()
    # and nothing to the right of the text
    assert _dark(image.crop((8 * CELL_W, MARGIN, 384, MARGIN + CELL_H))) == 0


def test_bold_has_more_ink() -> None:
    plain = receipt_image(ReceiptDocument(header=[TextLine(COLA)]))
    bold = receipt_image(ReceiptDocument(header=[TextLine(COLA, bold=True)]))
    assert _dark(bold) > _dark(plain) * 1.2


def test_qr_in_the_png_is_the_real_symbol() -> None:
    profile = get_profile("80mm")
    image = receipt_image(ReceiptDocument(qr=QR_URL), profile)
    matrix = qr_matrix(QR_URL)
    ink = image.point(lambda v: 255 if v < 128 else 0).getbbox()
    assert ink is not None
    left, top, right, bottom = ink
    size = (right - left) // len(matrix)
    assert size == profile.qr_size and right - left == bottom - top == size * len(matrix)
    for row, cells in enumerate(matrix):
        for col, dark in enumerate(cells):
            pixel = image.getpixel((left + col * size + size // 2, top + row * size + size // 2))
            assert (pixel < 128) == dark, (row, col)
    # centred, with a quiet zone inside the paper
    assert abs((left + right) / 2 - profile.dots / 2) <= size
    assert left >= QR_QUIET_MODULES * size


def test_barcode_is_drawn_as_bars() -> None:
    image = receipt_image(ReceiptDocument(barcode="S001-T01-20240101-0001"), get_profile("80mm"))
    top = MARGIN + CELL_H + 6 + 10  # inside the bars: the first row is a blank line
    row = [image.getpixel((x, top)) < 128 for x in range(image.width)]
    transitions = sum(1 for a, b in itertools.pairwise(row) if a != b)
    assert transitions > 100  # many bars, not a text placeholder
    assert sum(row) * 2 > 200


def test_missing_cjk_font_is_a_typed_error(tmp_path: Path) -> None:
    with pytest.raises(CjkFontMissing) as err:
        find_cjk_font(FontSpec(str(tmp_path / "nope.ttf")))
    assert err.value.code == "misconfigured"
    assert "fonts-noto-cjk" in str(err.value)
    with pytest.raises(CjkFontMissing):
        render_png(chinese_receipt(), font=FontSpec(str(tmp_path / "nope.ttf")))


@pytest.mark.skipif(not DEJAVU.exists(), reason="needs DejaVu (a font without Chinese)")
def test_a_latin_only_font_is_refused() -> None:
    assert not covers(FontSpec(str(DEJAVU)), "可")
    with pytest.raises(CjkFontMissing):
        find_cjk_font(FontSpec(str(DEJAVU)))
