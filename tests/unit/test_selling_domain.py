"""Selling in depth, pure domain: tenders, store rounding, roles, sale operations, whole-sale
pricing (promotions + manual discounts + rounding) and exact refunds of what was paid."""

from __future__ import annotations

import json
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.allocation import refund_share
from pos_app.domain.business_day import open_business_date
from pos_app.domain.catalog import Product
from pos_app.domain.errors import EmptySale, InsufficientTender, NoSuchLine
from pos_app.domain.money import cash_rounding
from pos_app.domain.promotion_rules import parse_member_level, parse_rules
from pos_app.domain.roles import (
    CASHIER,
    MANAGER,
    ApprovalNeeded,
    Permission,
    discount_rate_bp,
    role_limits,
)
from pos_app.domain.sale import DiscountTooLarge, FixedLine, Sale
from pos_app.domain.sale_pricing import MANUAL_SALE, ROUNDING, PricingContext, price_sale
from pos_app.domain.tender import (
    InvalidPaymentCode,
    MissingCardReference,
    NonCashOverDue,
    TenderKind,
    TenderOffer,
    ZeroTender,
    mobile_provider,
    settle,
)

ROOT = Path(__file__).resolve().parents[2]
COLA = Product("p1", "010001", "可口可乐 330ml", 300, "c-drink")
NOODLE = Product("p2", "020001", "康师傅红烧牛肉面", 450, "c-food")
APPLE = Product("p3", "030001", "红富士苹果", 1280, "c-fresh", unit="kg")
CASH, CARD, MOBILE = TenderKind.CASH, TenderKind.CARD, TenderKind.MOBILE
WECHAT_CODE = "134567890123456789"
ALIPAY_CODE = "281234567890123456"


# -- tenders -----------------------------------------------------------------------------------

def test_cash_gives_change_and_card_covers_its_part():
    tenders = settle(1850, [TenderOffer(CARD, 1000, reference="RRN123"),
                            TenderOffer(CASH, 2000)])
    card, cash = tenders
    assert (card.amount_fen, card.change_fen, card.reference) == (1000, 0, "RRN123")
    assert (cash.tendered_fen, cash.amount_fen, cash.change_fen) == (2000, 850, 1150)
    assert sum(t.amount_fen for t in tenders) == 1850


def test_change_only_from_cash():
    with pytest.raises(NonCashOverDue):
        settle(1000, [TenderOffer(CARD, 1200, reference="R1")])
    with pytest.raises(NonCashOverDue):
        settle(1000, [TenderOffer(CARD, 600, reference="R1"),
                      TenderOffer(MOBILE, 600, reference="WXTXN1")])


def test_tenders_that_do_not_cover_the_sale_are_refused():
    with pytest.raises(InsufficientTender):
        settle(1000, [TenderOffer(CARD, 500, reference="R1"), TenderOffer(CASH, 400)])
    with pytest.raises(ZeroTender):
        settle(1000, [TenderOffer(CASH, 0), TenderOffer(CASH, 1000)])
    with pytest.raises(EmptySale):
        settle(0, [TenderOffer(CASH, 100)])


@pytest.mark.parametrize("reference", [None, "", "  ", "has space", "x" * 33, "票号"])
def test_card_needs_a_reference_number(reference):
    with pytest.raises(MissingCardReference):
        settle(1000, [TenderOffer(CARD, 1000, reference=reference)])


def test_payment_codes_tell_wechat_from_alipay():
    assert mobile_provider(WECHAT_CODE) == "wechat"
    assert mobile_provider(ALIPAY_CODE) == "alipay"
    for bad in ["", "12345", "194567890123456789", "6901234567892", "13456789012345678a"]:
        with pytest.raises(InvalidPaymentCode):
            mobile_provider(bad)


@given(due=st.integers(1, 10**6),
       parts=st.lists(st.tuples(st.sampled_from([CASH, CARD]), st.integers(1, 10**6)),
                      min_size=1, max_size=5))
def test_settled_tenders_always_add_up_to_the_amount_due(due, parts):
    offers = [TenderOffer(kind, fen, reference="R1" if kind is CARD else None)
              for kind, fen in parts]
    try:
        tenders = settle(due, offers)
    except (NonCashOverDue, InsufficientTender):
        non_cash = sum(f for k, f in parts if k is CARD)
        assert non_cash > due or sum(f for _, f in parts) < due
        return
    assert sum(t.amount_fen for t in tenders) == due
    assert all(t.change_fen == 0 for t in tenders if t.kind is not CASH)
    assert all(t.amount_fen >= 0 for t in tenders)


@pytest.mark.parametrize(("due", "mode", "wiped"), [
    (1234, "none", 0), (1234, "jiao", 4), (1234, "yuan", 34), (1200, "yuan", 0), (7, "jiao", 7)])
def test_store_rounding_wipes_small_change_in_the_customers_favour(due, mode, wiped):
    assert cash_rounding(due, mode) == wiped


# -- roles -------------------------------------------------------------------------------------

def test_cashier_limits_and_manager_limits():
    cashier, manager = role_limits(CASHIER), role_limits(MANAGER)
    assert cashier.allows(Permission.DISCOUNT, rate_bp=1000)
    assert not cashier.allows(Permission.DISCOUNT, rate_bp=1001)
    assert manager.allows(Permission.DISCOUNT, rate_bp=5000)
    assert cashier.allows(Permission.VOID_LINE) and not cashier.allows(Permission.VOID_SALE)
    assert not cashier.allows(Permission.REFUND, amount_fen=1)
    assert manager.allows(Permission.REFUND, amount_fen=100_000)
    assert not role_limits("intern").allows(Permission.VOID_LINE)


def test_head_office_can_change_a_roles_limits():
    limits = role_limits(CASHIER, {"cashier": {"max_discount_bp": 2000, "void_line": False}})
    assert limits.allows(Permission.DISCOUNT, rate_bp=2000)
    assert not limits.allows(Permission.VOID_LINE)
    with pytest.raises(ValueError):
        role_limits(CASHIER, {"cashier": {"max_discount_bp": -1}})
    with pytest.raises(ValueError):
        role_limits(CASHIER, {"cashier": {"fly": True}})


def test_discount_rate_rounds_up_so_a_limit_is_not_crept_past():
    assert discount_rate_bp(100, 1000) == 1000
    assert discount_rate_bp(101, 1000) == 1010
    assert discount_rate_bp(1, 3) == 3334


def test_approval_message_names_the_action_in_the_cashiers_language():
    zh = {"Void sale": "整单作废",
          "{action} needs approval: a staff member allowed to do it enters their number "
          "and PIN.": "{action}需要授权：请有权限的员工输入工号和密码。"}
    error = ApprovalNeeded(Permission.VOID_SALE)
    assert error.message(lambda _c, text: zh.get(text, text)) == \
        "整单作废需要授权：请有权限的员工输入工号和密码。"
    assert "Void sale" in error.message()


# -- sale operations ---------------------------------------------------------------------------

def test_voided_lines_leave_the_sale_but_are_kept():
    sale = Sale()
    sale.add(COLA, "6901234567892", 2)
    sale.add(NOODLE, "6920152400012")
    sale.remove(1, approved_by="9001")
    assert [x.product.sku for x in sale.lines] == ["020001"]
    assert [(x.product.sku, x.qty, x.amount_fen, x.approved_by) for x in sale.voided] == \
        [("010001", 2, 600, "9001")]
    assert sale.total_fen == 450
    with pytest.raises(NoSuchLine):
        sale.remove(1)


def test_scale_label_lines_are_fixed_and_never_merge():
    sale = Sale()
    sale.add_label(APPLE, "2012345012345", 1530, 1195)
    sale.add_label(APPLE, "2012345012345", 1530, 1195)
    assert len(sale.lines) == 2 and sale.total_fen == 3060
    with pytest.raises(FixedLine):
        sale.set_quantity(1, 2)
    with pytest.raises(FixedLine):
        sale.override_price(1, 100)


def test_manual_discounts_cannot_exceed_what_they_come_off():
    sale = Sale()
    sale.add(COLA, None, 2)
    with pytest.raises(DiscountTooLarge):
        sale.discount_line(1, 601)
    sale.discount_line(1, 100)
    with pytest.raises(DiscountTooLarge):
        sale.discount_sale(501)
    sale.discount_sale(500)
    assert sale.total_fen == 0


def test_a_suspended_sale_comes_back_the_same():
    sale = Sale()
    sale.add(COLA, "6901234567892", 3)
    sale.add_label(APPLE, "2012345012345", 1530, 1195)
    sale.override_price(1, 250)
    sale.discount_sale(30)
    sale.add(NOODLE, None)
    sale.remove(3)
    back = Sale.from_dict(json.loads(json.dumps(sale.to_dict())))
    assert back.priced == sale.priced
    assert back.to_dict() == sale.to_dict()
    assert back.add(NOODLE, None).line_no == 4  # numbering carries on


def test_business_day_after_a_z_report_is_the_next_day():
    now = datetime(2026, 11, 23, 14, 0, tzinfo=UTC)  # 22:00 in Shanghai
    today = now.date()
    assert open_business_date(now, "Asia/Shanghai", None) == today
    assert open_business_date(now, "Asia/Shanghai", today) == today + timedelta(days=1)
    assert open_business_date(now, "Asia/Shanghai", today - timedelta(days=3)) == today


# -- whole-sale pricing ------------------------------------------------------------------------

def demo_context() -> PricingContext:
    data = json.loads((ROOT / "resources/demo/promotions.json").read_text(encoding="utf-8"))
    rules = parse_rules(data["rules"])
    levels = {x["code"]: parse_member_level(x) for x in data["member_levels"]}
    return PricingContext(tuple(rules), levels, "Asia/Shanghai",
                          {"c-drink": "DRINK", "c-food": "FOOD", "c-fresh": "FRESH"})


SPEND = PricingContext(tuple(parse_rules([
    {"id": "MJ", "name": "满20减5", "kind": "spend_reduce", "priority": 10,
     "tiers": [{"threshold_fen": 2000, "off_fen": 500}]},
    {"id": "D9", "name": "饮料9折", "kind": "time_discount", "priority": 50,
     "scope": {"categories": ["DRINK"]}, "rate_bp": 9000},
])), {}, "Asia/Shanghai", {"c-drink": "DRINK"})
NOON = datetime(2026, 11, 23, 4, 0, tzinfo=UTC)


def test_promotions_then_manual_then_rounding_each_on_the_lines():
    sale = Sale()
    sale.add(COLA, None, 4)  # 12.00 → 9折 10.80
    sale.add(NOODLE, None, 3)  # 13.50
    sale.discount_sale(100)
    priced = price_sale(sale, SPEND, NOON, rounding_fen=7)
    assert priced.original_fen == 2550
    # 10.80 + 13.50 = 24.30 → 满20减5 → 19.30; manual 1.00 → 18.30; rounding 0.07 → 18.23
    assert priced.promotion_fen == 120 + 500
    assert priced.manual_fen == 100 and priced.rounding_fen == 7
    assert priced.total_fen == 1823
    assert sum(x.final_fen for x in priced.lines) == priced.total_fen
    kinds = {d.rule_id for x in priced.lines for d in x.discounts}
    assert kinds == {"D9", "MJ", MANUAL_SALE, ROUNDING}
    assert priced.promotions() == {"饮料9折": 120, "满20减5": 500}


def test_a_price_set_by_hand_takes_no_promotion():
    sale = Sale()
    sale.add(COLA, None, 2)
    sale.override_price(1, 250)
    priced = price_sale(sale, SPEND, NOON)
    assert priced.total_fen == 500 and priced.promotion_fen == 0


def test_member_level_prices_through_the_pricer():
    context = demo_context()
    sale = Sale(pricer=lambda s: price_sale(s, context, NOON))
    sale.add(NOODLE, None, 2)
    walk_in = sale.total_fen
    sale.set_member_level("GOLD")
    assert sale.total_fen < walk_in


products = st.sampled_from([COLA, NOODLE, APPLE, Product("p4", "040001", "矿泉水", 1, "c-drink")])


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.tuples(products, st.integers(1, 12)), min_size=1, max_size=8),
       manual=st.integers(0, 3000), line_cut=st.integers(0, 500), rounding=st.integers(0, 99),
       member=st.sampled_from([None, "REGULAR", "GOLD"]))
def test_sale_totals_never_negative_and_lines_add_up(items, manual, line_cut, rounding, member):
    context = demo_context()
    sale = Sale()
    for product, qty in items:
        sale.add(product, None, qty)
    sale.set_member_level(member)
    sale.discount_line(1, min(line_cut, sale.lines[0].amount_fen))
    priced = price_sale(sale, context, NOON)
    sale.discount_fen = min(manual, priced.total_fen)
    priced = price_sale(sale, context, NOON, rounding_fen=min(rounding, priced.total_fen))
    assert priced.total_fen >= 0
    assert all(x.final_fen >= 0 for x in priced.lines)
    assert sum(x.final_fen for x in priced.lines) == priced.total_fen
    assert priced.original_fen - priced.discount_fen - priced.rounding_fen == priced.total_fen


@settings(max_examples=150, deadline=None)
@given(items=st.lists(st.tuples(products, st.integers(1, 12)), min_size=1, max_size=6),
       manual=st.integers(0, 2000), chunks=st.data())
def test_returning_every_unit_in_any_chunks_refunds_exactly_what_was_paid(items, manual, chunks):
    sale = Sale()
    for product, qty in items:
        sale.add(product, None, qty)
    sale.discount_fen = min(manual, sale.original_fen)
    priced = price_sale(sale, SPEND, NOON, rounding_fen=0)
    refunded = 0
    for line in sale.lines:
        final = priced.line(line.line_no).final_fen
        done = 0
        while done < line.qty:
            take = chunks.draw(st.integers(1, line.qty - done))
            refunded += refund_share(final, line.qty, done, take)
            done += take
    assert refunded == priced.total_fen
