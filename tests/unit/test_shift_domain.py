"""Shift and day figures, pure: expected drawer, blind-count variance, Z totals, report documents."""

from __future__ import annotations

from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from hypothesis import example, given
from hypothesis import strategies as st

from devices.layout import get_profile
from devices.receipt import ReceiptDocument
from devices.render_text import render_text
from pos_app.domain.shift import (
    MAX_REASON,
    DayFigures,
    InvalidCashReason,
    ShiftTakings,
    cash_variance,
    check_reason,
    local_hours,
    net_by,
    z_totals,
)
from pos_app.services.ports import TerminalIdentity
from pos_app.services.report_receipts import (
    build_cash_slip,
    build_day_report,
    build_shift_report,
)
from sync.protocol import ShiftClosedPayload, ZTotals

IDENTITY = TerminalIdentity(terminal_id="t-1", terminal_name="T01", store_id="s-1",
                            store_code="S001", store_name="人民路店", hq_url="http://127.0.0.1:9")


def untranslated(context: str, text: str) -> str:
    return text


# -- the drawer ------------------------------------------------------------------------------

def test_cash_expected_is_float_plus_cash_taken_minus_paid_back_plus_in_minus_out():
    takings = ShiftTakings(float_fen=50_000, sales_count=7, refunds_count=2,
                           sales_by_tender={"cash": 12_345, "card": 8_000, "mobile": 900},
                           refunds_by_tender={"cash": 290, "card": 350},
                           paid_in_fen=1_000, paid_out_fen=2_000)
    assert takings.expected_cash_fen == 50_000 + 12_345 - 290 + 1_000 - 2_000
    assert takings.expected_by_tender() == {"card": 7_650, "cash": 61_055, "mobile": 900}
    assert takings.net_by_tender() == {"card": 7_650, "cash": 12_055, "mobile": 900}


def test_cash_is_expected_even_when_no_cash_was_taken():
    takings = ShiftTakings(float_fen=20_000, sales_by_tender={"card": 500})
    assert takings.expected_by_tender() == {"card": 500, "cash": 20_000}


def test_variance_is_counted_minus_expected_short_is_negative():
    takings = ShiftTakings(float_fen=10_000, sales_by_tender={"cash": 1_500})
    assert takings.variance(11_480) == -20
    assert takings.variance(11_500) == 0
    assert takings.variance(11_600) == 100
    assert cash_variance(0, 300) == -300


@given(st.integers(0, 10**7), st.integers(0, 10**7), st.integers(0, 10**6),
       st.integers(0, 10**6), st.integers(0, 10**6), st.integers(0, 10**7))
def test_counting_exactly_the_expected_cash_leaves_no_variance(float_fen, cash, refunded,
                                                               paid_in, paid_out, card):
    takings = ShiftTakings(float_fen=float_fen, sales_by_tender={"cash": cash, "card": card},
                           refunds_by_tender={"cash": refunded}, paid_in_fen=paid_in,
                           paid_out_fen=paid_out)
    expected = takings.expected_by_tender()
    assert takings.variance(expected["cash"]) == 0
    assert expected["card"] == card
    assert expected["cash"] - float_fen == cash - refunded + paid_in - paid_out


def test_shift_close_summary_fits_the_wire_payload():
    takings = ShiftTakings(float_fen=100, sales_count=1, sales_by_tender={"cash": 300})
    payload = ShiftClosedPayload(
        shift_id="x", staff_no="1001", opened_at="2026-11-23T01:00:00+00:00", float_fen=100,
        expected_by_tender=takings.expected_by_tender(), counted_cash_fen=390,
        cash_variance_fen=takings.variance(390), sales_count=1, refunds_count=0)
    assert payload.cash_variance_fen == -10


# -- reasons -----------------------------------------------------------------------------------

def test_a_reason_is_trimmed_and_bad_ones_are_refused():
    assert check_reason("  快递费  ") == "快递费"
    for bad in ("", "   ", None, "x" * (MAX_REASON + 1), "line\nbreak", "nul\x00"):
        with pytest.raises(InvalidCashReason):
            check_reason(bad)
    assert check_reason("x" * MAX_REASON) == "x" * MAX_REASON


# -- the day -----------------------------------------------------------------------------------

def test_net_by_takes_every_key_of_either_side():
    assert net_by({"a": 5, "b": 3}, {"b": 1, "c": 2}) == {"a": 5, "b": 2, "c": -2}
    assert net_by({}, {}) == {}


def test_local_hours_follow_the_store_time_zone_to_the_minute():
    by_minute = {"2026-11-23T01:05": 100, "2026-11-23T01:59": 20, "2026-11-23T15:59": 7,
                 "2026-11-23T16:00": 3}
    assert local_hours(by_minute, "Asia/Shanghai") == {"09": 120, "23": 7, "00": 3}
    # India is UTC+05:30: 02:20 UTC is 07:50 local, 02:45 UTC is 08:15 local.
    assert local_hours({"2026-11-23T02:20": 1, "2026-11-23T02:45": 2}, "Asia/Kolkata") == {
        "07": 1, "08": 2}


@given(st.datetimes(min_value=datetime(2026, 1, 1), max_value=datetime(2027, 1, 1)),
       st.sampled_from(["Asia/Shanghai", "Asia/Kolkata", "Asia/Kathmandu", "Europe/Berlin",
                        "America/St_Johns", "Australia/Lord_Howe", "America/New_York"]))
@example(datetime(2026, 10, 3, 15, 29), "Australia/Lord_Howe")  # +10:30 → +11 at 15:30 UTC
@example(datetime(2026, 10, 3, 15, 31), "Australia/Lord_Howe")
def test_local_hours_agree_with_converting_each_minute(at, zone):
    minute = at.strftime("%Y-%m-%dT%H:%M")
    local = at.replace(second=0, microsecond=0, tzinfo=UTC).astimezone(ZoneInfo(zone))
    assert local_hours({minute: 5}, zone) == {f"{local.hour:02d}": 5}


def figures() -> DayFigures:
    return DayFigures(
        business_date="2026-11-23", sales_count=3, sales_fen=3_040, original_fen=3_080,
        discount_fen=33, rounding_fen=7, refunds_count=1, refunds_fen=290, voids_count=2,
        voids_fen=980, paid_in_fen=1_000, paid_out_fen=2_000,
        sales_by_tender={"cash": 2_010, "card": 1_030}, refunds_by_tender={"cash": 290},
        sales_by_category={"c-1": 2_500, "": 540}, refunds_by_category={"c-1": 290},
        sales_by_cashier={"1001": 2_840, "9001": 200}, refunds_by_cashier={"9001": 290},
        sales_by_utc_minute={"2026-11-23T01:05": 1_010, "2026-11-23T02:10": 2_030},
        first_seq=4, last_seq=19)


def test_z_totals_are_exactly_the_wire_fields_and_net_of_refunds():
    totals = z_totals(figures(), "Asia/Shanghai")
    assert ZTotals(**totals).model_dump() == totals  # every field, nothing extra
    assert totals["net_fen"] == 3_040 - 290
    assert totals["by_tender"] == {"card": 1_030, "cash": 1_720}
    assert totals["by_category"] == {"": 540, "c-1": 2_210}
    assert totals["by_cashier"] == {"1001": 2_840, "9001": -90}
    assert totals["by_hour"] == {"09": 1_010, "10": 2_030}
    assert (totals["first_seq"], totals["last_seq"]) == (4, 19)


def test_an_empty_day_has_zero_totals_and_no_events():
    totals = z_totals(DayFigures(business_date="2026-11-24"), "Asia/Shanghai")
    ZTotals(**totals)
    assert totals["sales_count"] == totals["net_fen"] == 0
    assert totals["first_seq"] is None and totals["by_tender"] == {}


# -- printed documents -------------------------------------------------------------------------

def printed(document: dict) -> str:
    return render_text(ReceiptDocument.from_dict(document), get_profile("80mm"))


def test_z_report_prints_every_figure_and_x_report_says_it_is_not_a_close():
    totals = z_totals(figures(), "Asia/Shanghai")
    z = build_day_report(IDENTITY, totals, local_time="2026-11-23 22:00:00",
                         translate=untranslated, closed_by="9001",
                         category_names={"c-1": "01"})
    text = printed(z)
    for expected in ("Z report", "2026-11-23", "Closed by: 9001", "Sales (3)", "30.40",
                     "Refunds (1)", "-2.90", "Net", "27.50", "Voids (2)", "9.80",
                     "Paid out", "-20.00", "Bank card", "10.30", "01", "(no category)",
                     "1001", "28.40", "09:00", "10:00", "4-19"):
        assert expected in text, expected
    assert not z["open_drawer"]
    x = build_day_report(IDENTITY, totals, local_time="2026-11-23 12:00:00",
                         translate=untranslated,
                         shift=ShiftTakings(float_fen=50_000, sales_by_tender={"cash": 2_010}),
                         shift_opened="2026-11-23 09:00:00 (1001)")
    text = printed(x)
    assert "X report" in text and "Z report" not in text and "Closed by" not in text
    assert "Open shift: 2026-11-23 09:00:00 (1001)" in text and "520.10" in text


def test_shift_report_and_cash_slip():
    takings = ShiftTakings(float_fen=50_000, sales_count=4, sales_by_tender={"cash": 1_810},
                           refunds_by_tender={"cash": 290}, refunds_count=1,
                           paid_in_fen=1_000, paid_out_fen=2_000)
    report = build_shift_report(IDENTITY, opened_by="1001", opened_at="2026-11-23 09:00:00",
                                closed_by="1001", closed_at="2026-11-23 18:00:00",
                                takings=takings, counted_cash_fen=50_500,
                                translate=untranslated)
    text = printed(report)
    for expected in ("Shift report", "Float", "500.00", "Cash expected", "505.20",
                     "Cash counted", "505.00", "Variance", "-0.20"):
        assert expected in text, expected
    slip = build_cash_slip(IDENTITY, kind="paid_out", amount_fen=2_000, reason="快递费",
                           staff_no="1001", approved_by="9001",
                           local_time="2026-11-23 15:00:00", translate=untranslated)
    assert slip["open_drawer"] is True
    text = printed(slip)
    assert "Paid out" in text and "20.00" in text and "快递费" in text and "9001" in text
