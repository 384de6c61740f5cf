"""ESC/POS bytes: golden files, and decoding the bytes back to the receipt text.

Regenerate the golden files deliberately (after checking the change on paper or in the .txt):
    UPDATE_GOLDEN=1 .venv/bin/python -m pytest tests/devices/test_escpos.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from devices.errors import DeviceMisconfigured
from devices.layout import get_profile
from devices.receipt import ItemLine, ReceiptDocument, TextLine
from devices.render_escpos import DrawerKick, encode_text, render_escpos
from devices.render_text import render_text

from .escpos_decode import DecodeError, code128_text, decode
from .samples import QR_URL, RECEIPT_NO, chinese_receipt

GOLDEN = Path(__file__).parent / "golden"
UPDATE = os.environ.get("UPDATE_GOLDEN") == "1"

EXPECTED_58MM = """\
        人民路店
单号: S001-T01-20240101-0001
时间: 2024-01-01 09:30
收银员: 1001
--------------------------------
可口可乐 330ml
2 x 3.00                    6.00
康师傅红烧牛肉面（特大份装）经典
口味家庭装
1 x 4.50                    4.50
旺旺雪饼 84g
3 x 6.80                   20.40
--------------------------------
件数                           6
合计                     ￥30.90
现金                       50.00
找零                       19.10
--------------------------------
     谢谢惠顾，欢迎再次光临

              [QR]
     S001-T01-20240101-0001

              [QR]
"""


def _golden(name: str, data: bytes) -> bytes:
    path = GOLDEN / name
    if UPDATE:
        path.write_bytes(data)
    if not path.exists():
        pytest.fail(f"missing golden file {path}; create it with UPDATE_GOLDEN=1")
    return path.read_bytes()


@pytest.mark.parametrize("name", ["58mm", "80mm"])
def test_golden_bytes(name: str) -> None:
    profile = get_profile(name)
    data = render_escpos(chinese_receipt(), profile)
    assert data == _golden(f"receipt_{name}.bin", data)
    # the human-readable twin of the golden bytes, for reviewing a diff
    text = render_text(chinese_receipt(), profile).encode("utf-8")
    assert text == _golden(f"receipt_{name}.txt", text)


def test_rendering_is_deterministic() -> None:
    assert render_escpos(chinese_receipt()) == render_escpos(chinese_receipt())


def test_58mm_bytes_decode_to_the_expected_paper() -> None:
    decoded = decode(render_escpos(chinese_receipt(), get_profile("58mm")), columns=32)
    assert decoded.text == EXPECTED_58MM
    assert decoded.qr_data == [RECEIPT_NO.encode(), QR_URL.encode()]  # barcode too wide: a QR
    assert decoded.barcodes == []


@pytest.mark.parametrize("name", ["58mm", "80mm"])
def test_decoded_bytes_equal_the_text_rendering(name: str) -> None:
    profile = get_profile(name)
    decoded = decode(render_escpos(chinese_receipt(), profile), columns=profile.columns)
    assert decoded.text == render_text(chinese_receipt(), profile)


def test_80mm_commands() -> None:
    decoded = decode(render_escpos(chinese_receipt(), get_profile("80mm")), columns=48)
    assert decoded.commands[:2] == ["ESC @", "ESC p 0 50 50"]  # init, then open the drawer
    assert decoded.barcodes == [(73, b"{BS001-T01-{C\x14\x18\x01\x01{B-{C\x00\x01")]
    assert code128_text(decoded.barcodes[0][1]) == RECEIPT_NO
    assert "GS w 2" in decoded.commands and "GS H 2" in decoded.commands  # HRI below
    assert decoded.qr_data == [QR_URL.encode()]
    assert decoded.bold_lines == ["人民路店", "合计" + " " * 37 + "￥30.90"]
    assert decoded.double_lines == ["人民路店"]
    assert decoded.commands[-2:] == ["ESC d 6", "GS V 0"]  # feed past the cutter, cut
    assert decoded.cuts == 1


def test_chinese_is_wrapped_in_fs_and_and_fs_dot() -> None:
    profile = get_profile("58mm")
    assert encode_text("可乐 330ml", profile) == b"\x1c&\xbf\xc9\xc0\xd6\x1c. 330ml"
    assert encode_text("合计￥1", profile) == b"\x1c&\xba\xcf\xbc\xc6\xa3\xa4\x1c.1"
    assert encode_text("abc", profile) == b"abc"


def test_utf8_profile_sends_plain_utf8() -> None:
    profile = get_profile("58mm", "utf-8")
    assert encode_text("可乐 ¥1", profile) == "可乐 ¥1".encode()
    data = render_escpos(chinese_receipt(), profile)
    assert b"\x1c&" not in data
    decoded = decode(data, columns=32, encoding="utf-8")
    assert "可口可乐 330ml" in decoded.lines
    assert any(line.endswith("¥30.90") and line.startswith("合计") for line in decoded.lines)


def test_unmappable_characters_are_replaced_never_garbage() -> None:
    doc = ReceiptDocument(lines=[ItemLine("咖啡\U0001f600\u2615 \U0002000b鿿", "1", "¥5.00",
                                          "¥5.00")])
    for encoding in ("gb18030", "gbk"):
        profile = get_profile("58mm", encoding)
        data = render_escpos(doc, profile)
        decoded = decode(data, columns=32, encoding=encoding)  # strict: raises on garbage
        assert "咖啡?? ??" in decoded.lines
        assert "1 x ￥5.00" + " " * 16 + "￥5.00" in decoded.lines
        assert b"\xa5" not in data.replace(b"\xa3\xa4", b"")  # no raw U+00A5 byte anywhere


def test_control_characters_in_names_cannot_inject_commands() -> None:
    doc = ReceiptDocument(lines=[ItemLine("坏\x1b@\x1dV\x00名字", "1", "1.00", "1.00")])
    decoded = decode(render_escpos(doc), columns=48)
    assert decoded.commands.count("ESC @") == 1  # only our init
    assert decoded.cuts == 1
    assert "坏?@?V?名字" in decoded.lines


def test_decoder_rejects_chinese_outside_double_byte_mode() -> None:
    with pytest.raises(DecodeError, match="garbage"):
        decode("可乐\n".encode("gb18030"), columns=32)
    with pytest.raises(DecodeError, match="4-byte"):
        decode(b"\x1c&" + "\U0001f600".encode("gb18030") + b"\x1c.\n", columns=32)


def test_drawer_kick_only_when_asked_and_configurable() -> None:
    no_kick = decode(render_escpos(chinese_receipt(open_drawer=False)), columns=48)
    assert no_kick.drawer_kicks == []
    data = render_escpos(chinese_receipt(), drawer=DrawerKick(pin=5, on_ms=200, off_ms=300))
    assert decode(data, columns=48).drawer_kicks == [(1, 100, 150)]
    assert DrawerKick().command() == b"\x1bp\x00\x32\x32"


@pytest.mark.parametrize("kwargs", [{"pin": 3}, {"on_ms": 0}, {"off_ms": 1000}])
def test_bad_drawer_settings_are_misconfigured(kwargs) -> None:
    with pytest.raises(DeviceMisconfigured):
        DrawerKick(**kwargs)


def test_alignment_bold_and_size_are_restored() -> None:
    doc = ReceiptDocument(header=[TextLine("店名", "center", True, True), TextLine("左边")])
    decoded = decode(render_escpos(doc), columns=48)
    assert decoded.lines[:2] == [" " * 20 + "店名", "左边"]
    assert decoded.commands[1:4] == ["ESC a 1", "ESC E 1", "GS ! 0x11"]
    assert decoded.commands[6:9] == ["ESC a 0", "ESC E 0", "GS ! 0x00"]
