import pytest
from hypothesis import given
from hypothesis import strategies as st

from pos_app.domain.barcode import is_valid_gtin, lookup_keys, validate_gtin
from pos_app.domain.catalog import Product
from pos_app.domain.errors import (
    AmountTooLarge,
    EmptySale,
    InsufficientTender,
    InvalidAmount,
    InvalidBarcode,
    InvalidQuantity,
    NoSuchLine,
)
from pos_app.domain.money import format_yuan, parse_yuan
from pos_app.domain.sale import MAX_QTY, Sale, parse_quantity

COLA = Product("p1", "SKU1", "可口可乐 330ml", 300)
NOODLE = Product("p2", "SKU2", "康师傅红烧牛肉面", 450)


@pytest.mark.parametrize("code", ["6901234567892", "96385074", "036000291452", "4006381333931"])
def test_valid_gtins(code):
    assert validate_gtin(code) == code


@pytest.mark.parametrize("code", ["6901234567893", "690123456789", "abc", "", "96385075",
                                  "６９０１２３４５６７８９２"])
def test_invalid_gtins_are_refused(code):
    with pytest.raises(InvalidBarcode):
        validate_gtin(code)


def test_upc_a_is_found_under_its_ean13_form():
    assert "0036000291452" in lookup_keys("036000291452")
    assert "036000291452" in lookup_keys("0036000291452")


@given(st.text(alphabet="0123456789", min_size=7, max_size=12))
def test_any_body_with_its_check_digit_is_valid(body):
    from pos_app.domain.barcode import gtin_check_digit

    code = body + str(gtin_check_digit(body))
    assert is_valid_gtin(code) == (len(code) in (8, 12, 13))


@pytest.mark.parametrize(("text", "fen"), [("12", 1200), ("12.5", 1250), ("¥0.05", 5),
                                           ("100.00", 10000)])
def test_parse_yuan(text, fen):
    assert parse_yuan(text) == fen


@pytest.mark.parametrize("text", ["-1", "1.234", "abc", "", "1e3", "12,50", "nan"])
def test_parse_yuan_refuses_garbage(text):
    with pytest.raises(InvalidAmount):
        parse_yuan(text)


def test_parse_yuan_refuses_absurd_amounts():
    with pytest.raises(AmountTooLarge):
        parse_yuan("999999999")


@given(st.integers(min_value=-10**9, max_value=10**9))
def test_format_yuan_round_trips(fen):
    text = format_yuan(fen)
    assert int(text.replace(".", "").replace("-", "")) == abs(fen)


def test_sale_totals_lines_and_merges_repeated_scans():
    sale = Sale()
    sale.add(COLA, "6901234567892")
    sale.add(COLA, "6901234567892", 2)
    sale.add(NOODLE, "6920152400012")
    assert [(x.line_no, x.qty) for x in sale.lines] == [(1, 3), (2, 1)]
    assert sale.total_fen == 3 * 300 + 450
    assert sale.item_count == 4


def test_quantity_rules():
    sale = Sale()
    sale.add(COLA, None)
    for bad in (0, -1, MAX_QTY + 1, 1.5, True):
        with pytest.raises(InvalidQuantity):
            sale.set_quantity(1, bad)
    assert sale.lines[0].qty == 1
    for text in ("0", "-2", "x", "", "1.5", "10000"):
        with pytest.raises(InvalidQuantity):
            parse_quantity(text)


def test_remove_and_missing_lines():
    sale = Sale()
    sale.add(COLA, None)
    sale.remove(1)
    assert sale.is_empty()
    with pytest.raises(NoSuchLine):
        sale.remove(1)


def test_cash_tender_gives_change_and_refuses_too_little():
    sale = Sale()
    with pytest.raises(EmptySale):
        sale.pay_cash(100)
    sale.add(NOODLE, None, 2)
    tender = sale.pay_cash(1000)
    assert (tender.amount_fen, tender.change_fen) == (900, 100)
    with pytest.raises(InsufficientTender) as info:
        sale.pay_cash(899)
    assert "8.99" in str(info.value) and "9.00" in str(info.value)


def test_absurd_line_totals_are_refused():
    gold = Product("p3", "SKU3", "金条", 50_000_000)
    sale = Sale()
    sale.add(gold, None)
    with pytest.raises(AmountTooLarge):
        sale.set_quantity(1, 3)
    assert sale.lines[0].qty == 1
