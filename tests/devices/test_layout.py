"""Profiles, printable text, widths, wrapping and the shared receipt layout."""

from __future__ import annotations

import pytest
from barcode.charsets import code128 as code128_charset
from barcode.codex import Code128 as ReferenceCode128
from hypothesis import given
from hypothesis import strategies as st

from devices.errors import DeviceMisconfigured
from devices.layout import (
    PROFILES,
    display_width,
    get_profile,
    layout_receipt,
    pad,
    printable,
    two_columns,
    wrap,
)
from devices.receipt import AmountLine, ItemLine, ReceiptDocument, TextLine
from devices.render_text import render_text
from devices.symbols import code128, code128_module_width

from .samples import RECEIPT_NO, chinese_receipt

GB = get_profile("80mm")
GBK = get_profile("80mm", "gbk")
UTF8 = get_profile("80mm", "utf-8")
EMOJI = "\U0001f600"
EXT_B = "\U0002000b"  # 𠀋, CJK extension B: a 4-byte GB18030 code, outside GBK


def test_profiles() -> None:
    assert (PROFILES["58mm"].columns, PROFILES["58mm"].dots) == (32, 384)
    assert (PROFILES["80mm"].columns, PROFILES["80mm"].dots) == (48, 576)
    assert get_profile("58mm").encoding == "gb18030"
    assert get_profile("58mm", "utf-8").encoding == "utf-8"
    with pytest.raises(DeviceMisconfigured) as err:
        get_profile("76mm")
    assert err.value.code == "misconfigured"
    with pytest.raises(DeviceMisconfigured):
        get_profile("80mm", "big5")


def test_display_width_counts_cjk_as_two() -> None:
    assert display_width("可口可乐") == 8
    assert display_width("Cola 330ml") == 10
    assert display_width("可乐 330ml") == 10
    assert display_width("￥") == 2  # full-width
    # In GB double-byte mode every non-ASCII character prints from the 24-dot font.
    assert display_width("×", GB) == 2
    assert display_width("×", UTF8) == 1


@pytest.mark.parametrize("profile", [GB, GBK])
def test_yuan_sign_becomes_full_width_in_gb_profiles(profile) -> None:
    assert printable("¥12.50", profile) == "￥12.50"
    assert "￥".encode(profile.encoding) == b"\xa3\xa4"


@pytest.mark.parametrize("profile", [GB, GBK, UTF8])
def test_emoji_and_characters_outside_the_font_become_placeholders(profile) -> None:
    assert printable(f"可乐{EMOJI}{EXT_B}!", profile) == "可乐??!"


def test_gbk_has_no_euro_but_gb18030_does() -> None:
    assert printable("€5", GBK) == "?5"  # the gbk codec gives one byte 0x80: garbage on paper
    assert printable("€5", GB) == "€5"


def test_controls_never_pass_and_format_characters_vanish() -> None:
    assert printable("a\x1b@b\x00c", GB) == "a?@b?c"
    assert printable("a\tb\u00a0c", GB) == "a b c"
    assert printable("男\u200d孩\ufe0f", GB) == "男孩"
    assert printable("男\u200d孩\ufe0f", UTF8) == "男孩"
    assert printable("\ue000", GB) == "?"  # private use: a user-defined glyph at best


def test_utf8_profile_keeps_the_yen_sign() -> None:
    assert printable("¥1", UTF8) == "¥1"


@given(st.text(max_size=40))
def test_printable_output_is_always_encodable_in_one_or_two_bytes(text: str) -> None:
    for profile in (GB, GBK):
        result = printable(text, profile)
        assert printable(result, profile) == result  # idempotent
        for ch in result:
            encoded = ch.encode(profile.encoding)
            assert (len(encoded) == 1 and 0x20 <= encoded[0] < 0x7F) or len(encoded) == 2, ch


def test_wrap_keeps_latin_words_and_breaks_cjk_anywhere() -> None:
    assert wrap("康师傅红烧牛肉面特大份装", 10, GB) == ["康师傅红烧", "牛肉面特大", "份装"]
    assert wrap("Coca Cola Zero Sugar", 10, GB) == ["Coca Cola", "Zero Sugar"]
    assert wrap("ABCDEFGHIJKLMN", 5, GB) == ["ABCDE", "FGHIJ", "KLMN"]
    assert wrap("可口可乐 330ml", 10, GB) == ["可口可乐", "330ml"]
    assert wrap("", 10, GB) == [""]


def test_wrap_never_exceeds_the_width() -> None:
    text = "农夫山泉 550ml 天然饮用水 Natural Mineral Water 大瓶装特惠"
    for width in (5, 8, 16, 32):
        assert all(display_width(line, GB) <= width for line in wrap(text, width, GB))


def test_pad_and_two_columns() -> None:
    assert pad("可乐", 8, "right", GB) == "    可乐"
    assert pad("可乐", 8, "center", GB) == "  可乐  "
    assert two_columns("合计", "￥30.90", 32, GB) == ["合计" + " " * 21 + "￥30.90"]
    long_label = "会员积分抵扣（本次使用积分兑换）"  # 32 columns: no room for the amount
    assert two_columns(long_label, "1.00", 32, GB) == [long_label, " " * 28 + "1.00"]


@pytest.mark.parametrize("name", ["58mm", "80mm"])
def test_amount_columns_align_at_the_right_edge(name: str) -> None:
    profile = get_profile(name)
    lines = render_text(chinese_receipt(), profile).splitlines()
    assert all(display_width(line, profile) <= profile.columns for line in lines)
    amounts = ["6.00", "4.50", "20.40", "￥30.90", "50.00", "19.10"]
    for amount in amounts:
        [line] = [x for x in lines if x.endswith(" " + amount)]
        assert display_width(line, profile) == profile.columns, line
    assert "合计" in next(x for x in lines if x.endswith("￥30.90"))


def test_item_layout_name_then_quantity_and_amount() -> None:
    doc = ReceiptDocument(lines=[ItemLine("可口可乐 330ml", "2", "3.00", "6.00")])
    profile = get_profile("58mm")
    lines = [x.text for x in layout_receipt(doc, profile)]
    assert lines == ["-" * 32, "可口可乐 330ml", "2 x 3.00" + " " * 20 + "6.00"]


def test_double_lines_wrap_at_half_width() -> None:
    doc = ReceiptDocument(header=[TextLine("上海市徐汇区漕溪北路人民路店", double=True)])
    rows = layout_receipt(doc, get_profile("58mm"))
    assert [r.text for r in rows] == ["上海市徐汇区漕溪", "北路人民路店"]  # 16 columns at double width
    assert all(r.double for r in rows)


def test_multiline_header_text_becomes_separate_lines() -> None:
    doc = ReceiptDocument(header=[TextLine("第一行\n第二行", align="center")])
    assert [r.text for r in layout_receipt(doc, GB)] == ["第一行", "第二行"]


def test_barcode_fits_80mm_but_falls_back_to_qr_on_58mm() -> None:
    doc = ReceiptDocument(barcode=RECEIPT_NO)
    wide = [r for r in layout_receipt(doc, get_profile("80mm")) if r.kind != "text"]
    assert [(r.kind, r.data, r.size, r.text) for r in wide] == [
        ("barcode", RECEIPT_NO, 2, RECEIPT_NO)]
    narrow = layout_receipt(doc, get_profile("58mm"))
    assert [(r.kind, r.data) for r in narrow if r.kind != "text"] == [("qr", RECEIPT_NO)]
    assert narrow[-1].text == RECEIPT_NO and narrow[-1].align == "center"
    short = layout_receipt(ReceiptDocument(barcode="R42"), get_profile("58mm"))
    assert [(r.kind, r.size) for r in short if r.kind != "text"] == [("barcode", 3)]


@pytest.mark.parametrize("data", [RECEIPT_NO, "ABC", "1234", "12345", "A1234567B", "x{y}",
                                  "S001-T01-20240101-9999", "00", "7"])
def test_code128_symbols_decode_back_and_are_never_longer_than_python_barcode(data: str) -> None:
    ours = code128(data)
    assert ours is not None
    assert _symbols_text(ours.symbols) == data
    first, *rest = ours.symbols
    assert ours.check == (first + sum(i * v for i, v in enumerate(rest, 1))) % 103
    reference = ReferenceCode128(data).build()[0]
    pattern = "".join(code128_charset.CODES[s] for s in (*ours.symbols, ours.check))
    full = pattern + code128_charset.STOP + "11"  # the stop pattern is 13 modules
    assert len(full) == ours.modules <= len(reference)


def test_code128_of_a_receipt_number_equals_python_barcode() -> None:
    ours = code128(RECEIPT_NO)
    assert ours is not None
    pattern = "".join(code128_charset.CODES[s] for s in (*ours.symbols, ours.check))
    assert pattern + code128_charset.STOP + "11" == ReferenceCode128(RECEIPT_NO).build()[0]
    assert ours.escpos == "{BS001-T01-{C\x14\x18\x01\x01{B-{C\x00\x01"


def _symbols_text(symbols: tuple[int, ...]) -> str:
    """Code128 symbol values back to text (start B=104 / C=105, switch to C=99 / B=100)."""
    code_set = {104: "B", 105: "C"}[symbols[0]]
    out = []
    for value in symbols[1:]:
        if code_set == "B" and value == 99:
            code_set = "C"
        elif code_set == "C" and value == 100:
            code_set = "B"
        elif code_set == "C":
            out.append(f"{value:02d}")
        else:
            out.append(chr(value + 32))
    return "".join(out)


def test_code128_rejects_what_code_set_b_cannot_carry() -> None:
    assert code128("单号1") is None
    assert code128("a\tb") is None
    assert code128("") is None
    long = code128("X" * 40)
    assert long is not None and code128_module_width(long, 576) is None


def test_amount_lines_keep_bold() -> None:
    doc = ReceiptDocument(totals=[AmountLine("合计", "9.00", bold=True), AmountLine("件数", "1")])
    rows = layout_receipt(doc, GB)
    assert [(r.bold, r.text.split()[0]) for r in rows[1:]] == [(True, "合计"), (False, "件数")]
