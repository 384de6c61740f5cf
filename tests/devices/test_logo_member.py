"""The receipt logo (a GS v 0 raster image) and the member block, in all three renderings."""

from __future__ import annotations

import io
import json
import logging
import os
from pathlib import Path

import pytest
from PIL import Image, ImageDraw

from devices import logo as logo_module
from devices.layout import LOGO_PLACEHOLDER, get_profile, layout_receipt
from devices.logo import LOGO_MAX_HEIGHT, logo_bitmap
from devices.receipt import ReceiptDocument, TextLine
from devices.render_escpos import KANJI_OFF, KANJI_ON, raster_image, render_escpos
from devices.render_png import LINE_SPACING, MARGIN, receipt_image, render_png
from devices.render_text import render_text

from .escpos_decode import DecodeError, decode
from .samples import MEMBER_LINES, chinese_receipt, member_receipt

P58 = get_profile("58mm")
P80 = get_profile("80mm")
RECT = (50, 20, 349, 79)  # the black rectangle in the 400 x 100 test logo (inclusive box)


@pytest.fixture(autouse=True)
def _fresh_cache():
    logo_module.clear_cache()
    yield
    logo_module.clear_cache()


@pytest.fixture
def logo_png(tmp_path: Path) -> str:
    """400 x 100, white, with a black rectangle: wider than 58 mm paper (384 dots)."""
    path = tmp_path / "logo.png"
    image = Image.new("RGB", (400, 100), "white")
    ImageDraw.Draw(image).rectangle(RECT, fill="black")
    image.save(path)
    return str(path)


def _bit(raster: bytes, width_dots: int, x: int, y: int) -> bool:
    """Whether GS v 0 data prints a dot at (x, y): rows of width/8 bytes, MSB first."""
    byte = raster[y * (width_dots // 8) + x // 8]
    return bool(byte & (0x80 >> (x % 8)))


def _dark(image: Image.Image) -> int:
    return sum(image.histogram()[:128])


# --- the bitmap -----------------------------------------------------------------------------


def test_logo_is_scaled_down_to_the_paper_keeping_its_aspect(logo_png: str) -> None:
    bitmap = logo_bitmap(logo_png, P58.dots)
    assert bitmap is not None
    assert bitmap.mode == "1"
    assert bitmap.size == (384, 96)  # 400 x 100 scaled by 384 / 400
    assert bitmap.getpixel((192, 48)) == 0  # black inside the rectangle
    assert bitmap.getpixel((5, 5)) == 255  # white paper around it


def test_logo_is_never_scaled_up_and_fits_the_height(tmp_path: Path) -> None:
    small = tmp_path / "small.bmp"
    Image.new("RGB", (40, 20), "black").save(small)
    assert logo_bitmap(str(small), P80.dots).size == (40, 20)
    tall = tmp_path / "tall.jpg"
    Image.new("RGB", (100, 400), "black").save(tall)
    assert logo_bitmap(str(tall), P80.dots).size == (40, LOGO_MAX_HEIGHT)


def test_transparent_background_is_paper_not_ink(tmp_path: Path) -> None:
    path = tmp_path / "alpha.png"
    image = Image.new("RGBA", (100, 50), (0, 0, 0, 0))  # transparent black
    ImageDraw.Draw(image).rectangle((40, 10, 59, 39), fill=(0, 0, 0, 255))
    image.save(path)
    bitmap = logo_bitmap(str(path), P58.dots)
    assert bitmap.getpixel((5, 5)) == 255
    assert bitmap.getpixel((50, 25)) == 0


def test_a_changed_file_is_read_again(logo_png: str) -> None:
    first = logo_bitmap(logo_png, P58.dots)
    assert logo_bitmap(logo_png, P58.dots) is first  # cached
    Image.new("RGB", (200, 50), "black").save(logo_png)
    stat = os.stat(logo_png)
    os.utime(logo_png, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    assert logo_bitmap(logo_png, P58.dots).size == (200, 50)


# --- ESC/POS --------------------------------------------------------------------------------


def test_escpos_logo_is_one_raster_image_above_the_unchanged_text(logo_png: str) -> None:
    with_logo = render_escpos(member_receipt(logo_png), P58)
    without = render_escpos(member_receipt(), P58)
    decoded = decode(with_logo, columns=32)
    plain = decode(without, columns=32)
    assert decoded.images == [(384, 96)]
    assert decoded.lines[0] == " " * 12 + "[IMAGE]"
    assert decoded.lines[1:] == plain.lines
    assert decoded.commands[:3] == ["ESC @", "ESC a 1", "GS v 0 0"]  # first thing on paper
    raster = decoded.image_data[0]
    assert len(raster) == 384 // 8 * 96
    assert _bit(raster, 384, 192, 48)  # inside the rectangle
    assert not _bit(raster, 384, 2, 2) and not _bit(raster, 384, 192, 2)


def test_escpos_logo_narrower_than_the_paper_is_centred(logo_png: str) -> None:
    decoded = decode(render_escpos(member_receipt(logo_png), P80), columns=48)
    assert decoded.images == [(576, 100)]  # not scaled up, padded to the paper width
    raster = decoded.image_data[0]
    left = (576 - 400) // 2
    assert _bit(raster, 576, left + RECT[0], 50) and _bit(raster, 576, left + RECT[2], 50)
    assert not _bit(raster, 576, left + RECT[0] - 1, 50)
    assert not _bit(raster, 576, left + RECT[2] + 1, 50)


def test_escpos_logo_is_deterministic(logo_png: str) -> None:
    first = render_escpos(member_receipt(logo_png), P58)
    logo_module.clear_cache()  # decoded again from the file
    assert render_escpos(member_receipt(logo_png), P58) == first


def test_raster_header_bytes() -> None:
    bitmap = Image.new("1", (10, 2), 0)  # all black
    data = raster_image(bitmap, 16)
    assert data[:8] == b"\x1dv0\x00\x02\x00\x02\x00"
    # 16 dots a row: 3 white, 10 black, 3 white
    assert data[8:] == bytes([0b00011111, 0b11111000]) * 2


# --- text and PNG ---------------------------------------------------------------------------


def test_text_shows_the_placeholder_centred_on_top(logo_png: str) -> None:
    text = render_text(member_receipt(logo_png), P58).splitlines()
    assert text[0] == " " * 13 + LOGO_PLACEHOLDER
    assert text[1:] == render_text(member_receipt(), P58).splitlines()
    assert layout_receipt(member_receipt(logo_png), P58)[0].kind == "image"


def test_png_draws_the_logo_bitmap_centred_on_top(logo_png: str) -> None:
    with_logo = receipt_image(member_receipt(logo_png), P80)
    without = receipt_image(member_receipt(), P80)
    assert with_logo.height == without.height + 100 + LINE_SPACING
    left = (576 - 400) // 2
    box = (left + RECT[0], MARGIN + RECT[1], left + RECT[2] + 1, MARGIN + RECT[3] + 1)
    assert _dark(with_logo.crop(box)) == (box[2] - box[0]) * (box[3] - box[1])  # all black
    band = with_logo.crop((0, 0, 576, MARGIN + 100))
    assert _dark(band) == _dark(with_logo.crop(box))  # and nothing else in the logo band
    # below it, the receipt as before
    below = with_logo.crop((0, MARGIN + 100 + LINE_SPACING, 576, with_logo.height))
    assert below.tobytes() == without.crop((0, MARGIN, 576, without.height)).tobytes()


# --- a logo that does not load --------------------------------------------------------------


def _truncated_png(path: Path) -> None:
    buffer = io.BytesIO()
    Image.new("RGB", (300, 300), "black").save(buffer, format="PNG")
    path.write_bytes(buffer.getvalue()[:-40])


BAD_FILES = {
    "missing": lambda path: None,
    "random bytes": lambda path: path.write_bytes(bytes(range(256)) * 7),
    "empty": lambda path: path.write_bytes(b""),
    "truncated": _truncated_png,
    "directory": lambda path: path.mkdir(),
}
if hasattr(os, "mkfifo"):  # a FIFO would block the print job if it were opened
    BAD_FILES["fifo"] = lambda path: os.mkfifo(path)


@pytest.mark.parametrize("kind", BAD_FILES)
def test_a_bad_logo_file_is_left_out(tmp_path: Path, kind: str,
                                     caplog: pytest.LogCaptureFixture) -> None:
    path = tmp_path / "logo.png"
    BAD_FILES[kind](path)
    doc, plain = member_receipt(str(path)), member_receipt()
    with caplog.at_level(logging.WARNING, logger="devices.logo"):
        for profile in (P58, P80):
            assert render_escpos(doc, profile) == render_escpos(plain, profile)
            assert render_text(doc, profile) == render_text(plain, profile)
        assert render_png(doc, P58) == render_png(plain, P58)
    warnings = [r for r in caplog.records if r.name == "devices.logo"]
    assert len(warnings) == 1  # once per path, however many receipts
    assert warnings[0].levelno == logging.WARNING and str(path) in warnings[0].getMessage()


def test_no_logo_and_an_empty_path_log_nothing(caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG, logger="devices.logo"):
        assert render_escpos(ReceiptDocument(logo="")) == render_escpos(ReceiptDocument())
    assert caplog.records == []


# --- the member block -----------------------------------------------------------------------


@pytest.mark.parametrize("profile", [P58, P80], ids=["58mm", "80mm"])
def test_member_block_sits_between_payments_and_footer(profile) -> None:
    text = render_text(member_receipt(), profile).splitlines()
    decoded = decode(render_escpos(member_receipt(), profile), columns=profile.columns)
    assert decoded.text == render_text(member_receipt(), profile)
    for lines in (text, decoded.lines):
        change = next(i for i, line in enumerate(lines) if line.startswith("找零"))
        member = lines.index(MEMBER_LINES[0])
        footer = next(i for i, line in enumerate(lines) if "谢谢惠顾" in line)
        assert lines[change + 1] == "-" * profile.columns  # its own rule
        assert member == change + 2
        assert lines[member : member + 3] == list(MEMBER_LINES)
        assert lines[member + 3] == "-" * profile.columns  # then the footer's rule
        assert footer == member + 4
    assert MEMBER_LINES[0] in decoded.bold_lines


def test_member_chinese_goes_out_in_the_double_byte_mode() -> None:
    data = render_escpos(member_receipt(), P58)
    assert KANJI_ON + "会员：李娜".encode("gb18030") + KANJI_OFF + b" 138****1234\n" in data
    assert KANJI_ON + "等级：金卡".encode("gb18030") + KANJI_OFF + b"\n" in data
    decode(data, columns=32)  # strict: no Chinese byte outside FS & ... FS .


def test_without_a_member_block_nothing_changes() -> None:
    assert render_escpos(ReceiptDocument(member=[]), P58) == render_escpos(ReceiptDocument(), P58)
    assert layout_receipt(chinese_receipt(), P58) == layout_receipt(
        ReceiptDocument.from_dict(chinese_receipt().to_dict()), P58)


# --- plain data -----------------------------------------------------------------------------


def test_to_dict_from_dict_round_trip(logo_png: str) -> None:
    doc = member_receipt(logo_png, open_drawer=True)
    data = doc.to_dict()
    assert data["logo"] == logo_png
    assert data["member"][0] == {"text": MEMBER_LINES[0], "align": "left", "bold": True,
                                 "double": False}
    assert ReceiptDocument.from_dict(data) == doc
    assert ReceiptDocument.from_dict(json.loads(json.dumps(data, ensure_ascii=False))) == doc


def test_an_old_dict_without_the_new_keys_loads() -> None:
    old = chinese_receipt().to_dict()
    del old["member"], old["logo"]
    doc = ReceiptDocument.from_dict(old)
    assert doc == chinese_receipt()
    assert (doc.member, doc.logo) == ([], None)
    assert ReceiptDocument.from_dict({**old, "member": None}).member == []
    assert ReceiptDocument.from_dict({"member": [{"text": "会员：王五"}]}).member == [
        TextLine("会员：王五")]


# --- the decoder ----------------------------------------------------------------------------


def test_decoder_reads_gs_v_0_strictly() -> None:
    image = b"\x1dv0\x00\x01\x00\x02\x00\xff\x00"
    decoded = decode(image + b"ok\n", columns=32)
    assert decoded.images == [(8, 2)] and decoded.image_data == [b"\xff\x00"]
    assert decoded.lines == ["[IMAGE]", "ok"]
    with pytest.raises(DecodeError, match="truncated"):
        decode(image[:-1], columns=32)
    with pytest.raises(DecodeError, match="truncated"):
        decode(b"\x1dv0\x00\x01", columns=32)
    with pytest.raises(DecodeError, match="unprinted text"):
        decode(b"ab" + image, columns=32)
    with pytest.raises(DecodeError, match="wider than the paper"):
        decode(b"\x1dv0\x00\x31\x00\x01\x00" + bytes(49), columns=32)  # 392 dots > 384
    with pytest.raises(DecodeError, match="mode"):
        decode(b"\x1dv0\x04\x01\x00\x01\x00\x00", columns=32)


def test_a_printer_configured_with_a_logo_prints_it_on_every_receipt(tmp_path) -> None:
    from devices.errors import DeviceMisconfigured
    from devices.printer import printer_from_config

    logo = tmp_path / "logo.png"
    Image.new("L", (200, 60), 0).save(logo)
    printer = printer_from_config({"kind": "virtual", "directory": str(tmp_path / "out"),
                                   "profile": "58mm", "logo": str(logo), "png": False})
    printer.print_receipt(chinese_receipt(), "job-1")
    first = (tmp_path / "out" / "job-1.txt").read_text(encoding="utf-8").splitlines()[0]
    assert first.strip() == "[LOGO]"
    with pytest.raises(DeviceMisconfigured, match="logo"):
        printer_from_config({"kind": "virtual", "directory": str(tmp_path),
                             "logo": str(tmp_path / "missing.png")})
