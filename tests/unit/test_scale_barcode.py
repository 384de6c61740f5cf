"""Scale barcodes (prefixes 20–29): templates, check digits, first match wins, bad input."""

from __future__ import annotations

import pytest

from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.errors import PosError
from pos_app.domain.scale_barcode import (
    DEFAULT_SCALE_TEMPLATES,
    InvalidScaleBarcode,
    InvalidScaleTemplate,
    ScaleTemplate,
    format_weight_kg,
    normalize_plu,
    parse_scale_barcode,
    templates_from_config,
    weighed_amount_fen,
)

AMOUNT_13 = ScaleTemplate.from_config({"prefix": "22", "layout": "FFPPPPPAAAAAC", "length": 13})
WEIGHT_13 = ScaleTemplate.from_config({"prefix": ["23", "24"], "layout": "FFPPPPPWWWWWC"})
BOTH_18 = ScaleTemplate.from_config({"prefix": "20-29", "layout": "FFPPPPPAAAAAWWWWWC"})


def code(body: str) -> str:
    return body + str(gtin_check_digit(body))


def test_13_digits_plu_and_amount():
    reading = parse_scale_barcode(code("220012301234"), [AMOUNT_13])
    assert (reading.plu, reading.amount_fen, reading.weight_g) == ("123", 1234, None)
    assert reading.template is AMOUNT_13


def test_13_digits_plu_and_weight():
    reading = parse_scale_barcode(code("240045600750"), [AMOUNT_13, WEIGHT_13])
    assert (reading.plu, reading.amount_fen, reading.weight_g) == ("456", None, 750)


def test_18_digits_plu_amount_and_weight_with_gs1_check_digit():
    body = "21000420159801234"
    assert len(body) == 17
    reading = parse_scale_barcode(code(body), [AMOUNT_13, BOTH_18])
    assert (reading.plu, reading.amount_fen, reading.weight_g) == ("42", 1598, 1234)


def test_wrong_check_digit_is_refused_with_a_translatable_message():
    good = code("220012301234")
    bad = good[:-1] + str((int(good[-1]) + 1) % 10)
    with pytest.raises(InvalidScaleBarcode) as err:
        parse_scale_barcode(bad, [AMOUNT_13])
    assert isinstance(err.value, PosError) and bad in err.value.message()
    good18 = code("21000420159801234")
    bad18 = good18[:-1] + str((int(good18[-1]) + 1) % 10)
    with pytest.raises(InvalidScaleBarcode):
        parse_scale_barcode(bad18, [BOTH_18])


def test_first_matching_template_wins():
    as_weight = ScaleTemplate(("22",), "FFPPPPPWWWWWC")
    scanned = code("220012301234")
    assert parse_scale_barcode(scanned, [AMOUNT_13, as_weight]).amount_fen == 1234
    assert parse_scale_barcode(scanned, [as_weight, AMOUNT_13]).weight_g == 1234
    # A template for another prefix or length does not match; the next one does.
    assert parse_scale_barcode(scanned, [WEIGHT_13, BOTH_18, AMOUNT_13]).template is AMOUNT_13


@pytest.mark.parametrize("scanned", [
    "6901234567892",            # an ordinary GTIN
    code("250012301234"),       # prefix 25: no template for it
    code("22001230123"),        # 12 digits
    "22001230123x4",            # not digits
    "",
])
def test_codes_no_template_applies_to_are_not_scale_codes(scanned):
    assert parse_scale_barcode(scanned, [AMOUNT_13, WEIGHT_13]) is None


def test_default_templates_read_the_common_chinese_layouts():
    assert parse_scale_barcode(code("280099900500"), DEFAULT_SCALE_TEMPLATES).amount_fen == 500
    long = parse_scale_barcode(code("20000070050000450"), DEFAULT_SCALE_TEMPLATES)
    assert (long.plu, long.amount_fen, long.weight_g) == ("7", 500, 450)
    assert templates_from_config(None) == DEFAULT_SCALE_TEMPLATES
    configured = templates_from_config([AMOUNT_13.to_config()])
    assert configured == (AMOUNT_13,)


@pytest.mark.parametrize("config", [
    {"prefix": "22", "layout": "FFPPPPPAAAAA"},             # 12 digits
    {"prefix": "22", "layout": "FFPPPPPAAAAAC", "length": 18},
    {"prefix": "22", "layout": "FFPPPPPAAAACA"},            # C not last
    {"prefix": "22", "layout": "FFPPPAAPPAAAC"},            # P not contiguous
    {"prefix": "22", "layout": "FFPPPPPXXXXXC"},            # no amount nor weight
    {"prefix": "22", "layout": "FFAAAAAAAAAAC"},            # no PLU
    {"prefix": "22", "layout": "FFPPPPPAAAAZC"},            # unknown letter
    {"prefix": "19", "layout": "FFPPPPPAAAAAC"},            # not 20–29
    {"prefix": "221", "layout": "FFPPPPPAAAAAC"},           # prefix longer than the flag
    {"prefix": "22-2", "layout": "FFPPPPPAAAAAC"},          # bad range
    {"layout": "FFPPPPPAAAAAC"},                            # no prefix
])
def test_bad_templates_are_refused(config):
    with pytest.raises(InvalidScaleTemplate):
        ScaleTemplate.from_config(config)


def test_prefix_ranges_and_three_digit_flags():
    template = ScaleTemplate.from_config({"prefix": "20-22, 25", "layout": "FFPPPPPAAAAAC"})
    assert template.prefixes == ("20", "21", "22", "25")
    three = ScaleTemplate.from_config({"prefix": "271", "layout": "FFFPPPPAAAAAC"})
    assert parse_scale_barcode(code("271123400999"), [three]).plu == "1234"
    assert parse_scale_barcode(code("272123400999"), [three]) is None


def test_weighed_amount_is_half_up_to_the_fen():
    assert weighed_amount_fen(1598, 1000) == 1598
    assert weighed_amount_fen(1000, 1235) == 1235
    assert weighed_amount_fen(999, 500) == 500        # 499.5 → 500
    assert weighed_amount_fen(999, 499) == 499        # 498.501 → 499
    assert weighed_amount_fen(1, 1) == 0
    assert format_weight_kg(1234) == "1.234" and format_weight_kg(5) == "0.005"


def test_plu_normalization():
    assert normalize_plu("00123") == "123" == normalize_plu(" 123 ")
    assert normalize_plu("00000") == "0"
    assert normalize_plu("a12") == "A12"
