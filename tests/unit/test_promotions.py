"""The pricing & promotions engine: parsing, schedules, each rule kind, resolution, and the
properties a till relies on (never negative, exact allocation, exact refunds, scan order)."""

from __future__ import annotations

import json
import random
import re
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from pos_app.domain.allocation import refund_share
from pos_app.domain.errors import PosError
from pos_app.domain.promotion_rules import (
    DISABLED,
    EXPIRED,
    NOT_YET_VALID,
    OFF_SCHEDULE,
    DuplicatePromotion,
    InvalidMemberRate,
    MemberLevel,
    PromotionBadAmount,
    PromotionBadRate,
    PromotionBadSchedule,
    PromotionEndsBeforeStart,
    PromotionError,
    PromotionFieldInvalid,
    PromotionFieldMissing,
    PromotionNotAnObject,
    PromotionUnknownField,
    RuleKind,
    TimeDiscount,
    UnknownPromotionKind,
    parse_member_level,
    parse_rule,
    parse_rules,
)
from pos_app.domain.promotions import (
    EXCLUSIVE,
    GROUP,
    INCOMPLETE_GROUP,
    LINE,
    MEMBERS_ONLY,
    NO_GAIN,
    ORDER,
    OUTRANKED,
    REGULAR_PRICE_ONLY,
    SMALLER_DISCOUNT,
    THRESHOLD_NOT_MET,
    CartLine,
    PricedCart,
    price_cart,
)

ROOT = Path(__file__).resolve().parents[2]
TZ = "Asia/Shanghai"
WED_3PM = datetime(2026, 11, 25, 7, 0, tzinfo=UTC)  # Wednesday 15:00 in Shanghai
GOLD = MemberLevel("GOLD", "金卡", default_rate_bp=8000, category_rates_bp={"SPECIAL": 9000})


def rule(**fields):
    data = {"id": "R1", "name": "促销", "kind": "time_discount", "scope": {"all": True},
            "rate_bp": 9000}
    if fields.get("kind", "time_discount") != "time_discount":
        del data["rate_bp"]
    data.update(fields)
    return parse_rule({k: v for k, v in data.items() if v is not ...})


def item(no, product, price, qty=1, cat="FOOD", member_price=None):
    return CartLine(line_no=no, product_id=f"id-{product}", category_id=f"cid-{cat}", qty=qty,
                    unit_price_fen=price, member_price_fen=member_price, sku=product,
                    category_code=cat)


def price(lines, *rules, member=None, now=WED_3PM, tz=TZ) -> PricedCart:
    return price_cart(lines, rules, now=now, store_tz=tz, member=member)


def finals(cart):
    return [x.final_fen for x in cart.lines]


def applied(cart, line_no):
    return [(d.rule_id, d.amount_fen) for d in cart.line(line_no).discounts]


def reasons(cart, line_no):
    return {(n.rule_id, n.reason, n.by_rule_id) for n in cart.line(line_no).notes}


# -- parsing -----------------------------------------------------------------------------------

def test_demo_file_parses_and_prices_a_basket():
    data = json.loads((ROOT / "resources/demo/promotions.json").read_text(encoding="utf-8"))
    rules = parse_rules(data["rules"])
    levels = {x["code"]: parse_member_level(x) for x in data["member_levels"]}
    assert {r.kind for r in rules} == set(RuleKind)
    catalog = json.loads((ROOT / "resources/demo/products.json").read_text(encoding="utf-8"))
    known = {c["code"] for c in catalog["categories"]} | {p["sku"] for p in catalog["products"]}
    for r in rules:  # every code the demo rules name exists in the demo catalog
        assert r.scope.categories | r.scope.products | r.scope.exclude_categories \
            | r.scope.exclude_products <= known
    by_sku = {p["sku"]: p for p in catalog["products"]}

    def demo_line(no, sku, qty):
        p = by_sku[sku]
        return CartLine(no, f"id-{sku}", f"cid-{p['category']}", qty, p["price_fen"], sku=sku,
                        category_code=p["category"])

    lines = [demo_line(1, "010001", 4), demo_line(2, "040001", 2), demo_line(3, "040011", 1),
             demo_line(4, "030001", 4), demo_line(5, "090006", 4)]
    walk_in = price(lines, *rules)
    assert applied(walk_in, 1) == [("PROMO-DRINK-PM", 120)]  # 3.00 → 2.70, ×4
    assert sum(d for _, d in applied(walk_in, 2) + applied(walk_in, 3)) == 150  # 亲嘴烧 free
    assert applied(walk_in, 4) == [("PROMO-NOODLE-B3G1", 450)]
    assert applied(walk_in, 5) == [("PROMO-CARE-EVERY100", 1500)]  # 119.60: once 100
    assert {n.rule_id: n.reason for n in walk_in.inactive} == {
        "PROMO-CNY-2026": EXPIRED, "PROMO-BEER-DRAFT": DISABLED,
        "PROMO-ICE-NIGHT": OFF_SCHEDULE, "PROMO-MILK-AM": OFF_SCHEDULE}
    gold = price(lines, *rules, member=levels["GOLD"])
    assert gold.total_fen < walk_in.total_fen
    assert sum(finals(gold)) == gold.total_fen


def test_a_parsed_rule_carries_every_field():
    r = parse_rule({
        "id": " P1 ", "name": "饮料9折", "kind": "time_discount", "priority": 5,
        "exclusive": True, "group": "G", "enabled": True,
        "valid_from": "2026-01-01T00:00:00+08:00", "valid_to": "2026-02-01T00:00:00+08:00",
        "schedule": {"weekdays": [1, 7], "time_from": "14:00", "time_to": "24:00",
                     "date_from": "2026-01-05", "date_to": "2026-01-20"},
        "scope": {"categories": ["DRINK"], "exclude_products": ["010026"]}, "off_bp": 1000,
        "comment": "ok"})
    assert isinstance(r, TimeDiscount)
    assert (r.id, r.priority, r.exclusive, r.group, r.rate_bp) == ("P1", 5, True, "G", 9000)
    assert r.schedule.weekdays == {1, 7} and r.schedule.time_to is None
    assert r.valid_from.utcoffset() == timedelta(hours=8)


@pytest.mark.parametrize("fields, error", [
    ({"kind": "buy_one_get_pony"}, UnknownPromotionKind),
    ({"kind": None}, PromotionFieldMissing),
    ({"name": None}, PromotionFieldMissing),
    ({"name": "  "}, PromotionFieldInvalid),
    ({"id": 7}, PromotionFieldInvalid),
    ({"rate_bp": 0}, PromotionBadRate),
    ({"rate_bp": 10000}, PromotionBadRate),
    ({"rate_bp": -500}, PromotionBadRate),
    ({"rate_bp": 0.9}, PromotionBadRate),
    ({"rate_bp": "9000"}, PromotionBadRate),
    ({"rate_bp": None, "off_bp": 12000}, PromotionBadRate),
    ({"rate_bp": None, "price_fen": -1}, PromotionBadAmount),
    ({"rate_bp": None, "price_fen": 1.5}, PromotionBadAmount),
    ({"rate_bp": None}, PromotionFieldMissing),
    ({"price_fen": 100}, PromotionFieldMissing),  # two of rate / price
    ({"rate": 9000}, PromotionUnknownField),
    ({"scope": None}, PromotionFieldMissing),
    ({"scope": {}}, PromotionFieldInvalid),
    ({"scope": {"categories": "DRINK"}}, PromotionFieldInvalid),
    ({"scope": {"category": ["DRINK"]}}, PromotionUnknownField),
    ({"priority": "high"}, PromotionFieldInvalid),
    ({"exclusive": "yes"}, PromotionFieldInvalid),
    ({"valid_from": "2026-01-01"}, PromotionBadSchedule),
    ({"valid_from": "2026-13-01T00:00:00"}, PromotionBadSchedule),
    ({"valid_from": "2026-02-01T00:00:00", "valid_to": "2026-01-01T00:00:00"},
     PromotionEndsBeforeStart),
    ({"valid_from": "2026-01-01T00:00:00", "valid_to": "2026-02-01T00:00:00+08:00"},
     PromotionBadSchedule),
    ({"schedule": {"time_from": "25:00"}}, PromotionBadSchedule),
    ({"schedule": {"time_from": "9:00"}}, PromotionBadSchedule),
    ({"schedule": {"time_from": "14:00", "time_to": "14:00"}}, PromotionBadSchedule),
    ({"schedule": {"weekdays": [0]}}, PromotionBadSchedule),
    ({"schedule": {"weekdays": []}}, PromotionBadSchedule),
    ({"schedule": {"weekdays": [True]}}, PromotionBadSchedule),
    ({"schedule": {"date_from": "2026-02-01", "date_to": "2026-01-01"}},
     PromotionEndsBeforeStart),
    ({"schedule": {"date_from": "20260101"}}, PromotionBadSchedule),
    ({"schedule": {"days": [1]}}, PromotionUnknownField),
    ({"schedule": "weekdays"}, PromotionBadSchedule),
    ({"kind": "spend_reduce"}, PromotionFieldMissing),
    ({"kind": "spend_reduce", "tiers": []}, PromotionFieldInvalid),
    ({"kind": "spend_reduce", "tiers": [{"threshold_fen": 100, "off_fen": -10}]},
     PromotionBadAmount),
    ({"kind": "spend_reduce", "tiers": [{"threshold_fen": 100, "off_fen": 200}]},
     PromotionFieldInvalid),
    ({"kind": "spend_reduce", "tiers": [{"threshold_fen": 0, "off_fen": 0}]},
     PromotionBadAmount),
    ({"kind": "spend_reduce", "tiers": [{"threshold_fen": 100, "off": 10}]},
     PromotionFieldInvalid),
    ({"kind": "spend_reduce", "tiers": [{"threshold_fen": 100, "off_fen": 10},
                                        {"threshold_fen": 100, "off_fen": 20}]},
     PromotionFieldInvalid),
    ({"kind": "spend_reduce", "stacked": True,
      "tiers": [{"threshold_fen": 100, "off_fen": 10}, {"threshold_fen": 200, "off_fen": 25}]},
     PromotionFieldInvalid),
    ({"kind": "spend_reduce", "cap_fen": 100,
      "tiers": [{"threshold_fen": 100, "off_fen": 10}]}, PromotionFieldInvalid),
    ({"kind": "buy_n_get_m", "buy": 2}, PromotionFieldMissing),
    ({"kind": "buy_n_get_m", "buy": 0, "free": 1}, PromotionFieldInvalid),
    ({"kind": "buy_n_get_m", "buy": 2, "free": 1, "mode": "dearest"}, PromotionFieldInvalid),
    ({"kind": "buy_n_get_m", "buy": 2, "free": 1, "rate_bp": 9000}, PromotionUnknownField),
    ({"kind": "member_price", "prices": {"010001": -5}}, PromotionBadAmount),
    ({"kind": "member_price", "prices": {}}, PromotionFieldInvalid),
    ({"kind": "member_level_discount", "levels": "GOLD"}, PromotionFieldInvalid),
])
def test_bad_rules_are_refused_with_a_translatable_message(fields, error):
    with pytest.raises(error) as err:
        rule(**fields)
    assert isinstance(err.value, PromotionError) and isinstance(err.value, PosError)
    text = err.value.message()
    assert not re.findall(r"\{\w+\}", text) and err.value.msgid != text  # filled in
    contexts = []

    def translate(context, msgid):
        contexts.append(context)
        return "译：" + msgid

    assert err.value.message(translate) == "译：" + text  # the message goes through translation
    assert contexts == ["errors"]


def test_unknown_kind_names_the_rule_and_the_kind():
    with pytest.raises(UnknownPromotionKind) as err:
        parse_rules([{"id": "HQ-9", "name": "x", "kind": "lottery"}])
    assert err.value.message() == "Promotion “HQ-9” has an unknown kind “lottery”."


def test_parse_rules_refuses_duplicates_non_objects_and_non_lists():
    with pytest.raises(DuplicatePromotion):
        parse_rules([{"id": "A", "name": "a", "kind": "member_price"},
                     {"id": "A", "name": "b", "kind": "member_price"}])
    with pytest.raises(PromotionNotAnObject) as err:
        parse_rules([{"id": "A", "name": "a", "kind": "member_price"}, "oops"])
    assert "#2" in err.value.message()
    with pytest.raises(PromotionNotAnObject):
        parse_rules({"id": "A"})
    with pytest.raises(DuplicatePromotion):
        price([item(1, "a", 100)], rule(id="X"), rule(id="X", rate_bp=8000))


def test_member_levels_refuse_bad_rates():
    for bad in (0, 10001, -1, 9000.0, True):
        with pytest.raises(InvalidMemberRate):
            MemberLevel("L", default_rate_bp=bad)
    with pytest.raises(InvalidMemberRate):
        parse_member_level({"code": "L", "category_rates_bp": {"DRINK": 12000}})
    with pytest.raises(InvalidMemberRate):
        parse_member_level({"name": "no code"})


# -- schedules and validity --------------------------------------------------------------------

def shanghai(y, mo, d, h, mi=0, s=0):
    return datetime(y, mo, d, h, mi, s, tzinfo=timezone(timedelta(hours=8))).astimezone(UTC)


@pytest.mark.parametrize("when, applies", [
    (shanghai(2026, 11, 25, 13, 59, 59), False),
    (shanghai(2026, 11, 25, 14, 0, 0), True),  # window start is inclusive
    (shanghai(2026, 11, 25, 16, 59, 59), True),
    (shanghai(2026, 11, 25, 17, 0, 0), False),  # window end is exclusive
    (shanghai(2026, 11, 28, 15, 0, 0), False),  # Saturday
])
def test_daily_window_edges_in_store_time(when, applies):
    r = rule(schedule={"weekdays": [1, 2, 3, 4, 5], "time_from": "14:00", "time_to": "17:00"})
    cart = price([item(1, "cola", 300)], r, now=when)
    assert cart.total_fen == (270 if applies else 300)
    assert bool(cart.inactive) is not applies


def test_the_same_instant_is_judged_in_the_stores_time_zone():
    r = rule(schedule={"time_from": "14:00", "time_to": "17:00"})
    instant = datetime(2026, 11, 25, 6, 30, tzinfo=UTC)  # 14:30 in Shanghai, 06:30 in UTC
    assert price([item(1, "cola", 300)], r, now=instant, tz="Asia/Shanghai").total_fen == 270
    assert price([item(1, "cola", 300)], r, now=instant, tz="UTC").total_fen == 300
    with pytest.raises(ValueError):
        price([item(1, "cola", 300)], r, now=instant.replace(tzinfo=None))


@pytest.mark.parametrize("when, applies", [
    (shanghai(2026, 11, 27, 21, 59), False),  # Friday before the window
    (shanghai(2026, 11, 27, 22, 0), True),  # Friday night
    (shanghai(2026, 11, 28, 1, 59), True),  # small hours of Saturday belong to Friday
    (shanghai(2026, 11, 28, 2, 0), False),
    (shanghai(2026, 11, 28, 23, 0), False),  # Saturday night: Saturday is not listed
    (shanghai(2026, 11, 27, 1, 0), False),  # small hours of Friday belong to Thursday
])
def test_a_window_across_midnight_belongs_to_the_day_it_starts(when, applies):
    r = rule(schedule={"weekdays": [5], "time_from": "22:00", "time_to": "02:00"})
    assert price([item(1, "ice", 500)], r, now=when).total_fen == (450 if applies else 500)


def test_date_range_is_inclusive_in_store_time():
    r = rule(schedule={"date_from": "2026-11-01", "date_to": "2026-11-25"})
    assert price([item(1, "a", 100)], r, now=shanghai(2026, 11, 25, 23, 59)).total_fen == 90
    assert price([item(1, "a", 100)], r, now=shanghai(2026, 11, 26, 0, 0)).total_fen == 100
    assert price([item(1, "a", 100)], r, now=shanghai(2026, 10, 31, 23, 59)).total_fen == 100


def test_validity_bounds_naive_is_store_time_aware_is_an_instant():
    naive = rule(valid_from="2026-11-25T00:00:00", valid_to="2026-11-26T00:00:00")
    aware = rule(valid_from="2026-11-25T00:00:00+08:00", valid_to="2026-11-26T00:00:00+08:00")
    start = shanghai(2026, 11, 25, 0, 0)  # = 2026-11-24T16:00Z
    for r in (naive, aware):
        assert price([item(1, "a", 100)], r, now=start).total_fen == 90
        assert price([item(1, "a", 100)], r, now=start - timedelta(seconds=1)).inactive[0]\
            .reason == NOT_YET_VALID
        end = start + timedelta(days=1)
        assert price([item(1, "a", 100)], r, now=end).inactive[0].reason == EXPIRED
        assert price([item(1, "a", 100)], r, now=end - timedelta(seconds=1)).total_fen == 90
    # the same instant in a UTC store: the naive bounds move, the aware ones do not
    assert price([item(1, "a", 100)], naive, now=start, tz="UTC").total_fen == 100
    assert price([item(1, "a", 100)], aware, now=start, tz="UTC").total_fen == 90


def test_disabled_expired_and_future_rules_never_apply():
    rules = [rule(id="off", enabled=False), rule(id="old", valid_to="2020-01-01T00:00:00Z"),
             rule(id="new", valid_from="2030-01-01T00:00:00Z")]
    cart = price([item(1, "a", 100, qty=3)], *rules)
    assert cart.total_fen == 300 and cart.rule_totals == ()
    assert {(n.rule_id, n.reason) for n in cart.inactive} == {
        ("off", DISABLED), ("old", EXPIRED), ("new", NOT_YET_VALID)}


# -- rule kinds --------------------------------------------------------------------------------

def test_time_discount_rate_rounds_per_unit_half_up_and_fixed_price():
    cart = price([item(1, "a", 125, qty=3), item(2, "b", 999, cat="DRINK")],
                 rule(id="A", rate_bp=9000, scope={"products": ["a"]}),
                 rule(id="B", rate_bp=None, price_fen=500, scope={"categories": ["DRINK"]}))
    assert applied(cart, 1) == [("A", 36)]  # 1.125 → 1.13 per unit (half-up), 3 × 0.12
    assert cart.line(1).line_price_fen == 339
    assert applied(cart, 2) == [("B", 499)]


def test_a_fixed_price_above_the_regular_price_does_not_apply():
    cart = price([item(1, "a", 300)], rule(rate_bp=None, price_fen=350))
    assert cart.total_fen == 300 and reasons(cart, 1) == {("R1", NO_GAIN, None)}


def test_categories_and_products_by_code_or_id_and_exclusions():
    lines = [item(1, "a", 100, cat="DRINK"), item(2, "b", 100, cat="DRINK"),
             item(3, "c", 100, cat="SNACK")]
    by_code = rule(scope={"categories": ["DRINK"], "exclude_products": ["b"]})
    by_id = rule(scope={"categories": ["cid-DRINK"], "exclude_products": ["id-b"]})
    for r in (by_code, by_id):
        assert finals(price(lines, r)) == [90, 100, 100]
    everything_but = rule(scope={"all": True, "exclude_categories": ["SNACK"]})
    assert finals(price(lines, everything_but)) == [90, 90, 100]


@pytest.mark.parametrize("amount, off", [
    (9999, 0), (10000, 1000), (19999, 1000), (20000, 2500), (50000, 2500)])
def test_spend_reduce_best_single_tier(amount, off):
    r = rule(kind="spend_reduce", tiers=[{"threshold_fen": 20000, "off_fen": 2500},
                                         {"threshold_fen": 10000, "off_fen": 1000}])
    cart = price([item(1, "a", amount)], r)
    assert cart.discount_fen == off
    if off == 0:
        assert reasons(cart, 1) == {("R1", THRESHOLD_NOT_MET, None)}


@pytest.mark.parametrize("amount, off", [(9999, 0), (10000, 1000), (35000, 3000),
                                         (99900, 5000)])
def test_spend_reduce_stacked_every_threshold_with_a_cap(amount, off):
    r = rule(kind="spend_reduce", stacked=True, cap_fen=5000,
             tiers=[{"threshold_fen": 10000, "off_fen": 1000}])
    assert price([item(1, "a", amount)], r).discount_fen == off


def test_spend_reduce_counts_eligible_lines_after_line_discounts_and_allocates_exactly():
    lines = [item(1, "a", 3000, cat="DRINK"), item(2, "b", 3000, cat="DRINK"),
             item(3, "c", 4500, cat="CARE")]
    spend = rule(id="S", kind="spend_reduce", scope={"categories": ["DRINK", "CARE"]},
                 tiers=[{"threshold_fen": 10000, "off_fen": 1000}])
    assert price(lines, spend).discount_fen == 1000
    # 1000 × (3000, 3000, 4500) / 10500 = 285.71, 285.71, 428.57: largest remainders first
    assert finals(price(lines, spend)) == [3000 - 286, 3000 - 286, 4500 - 428]
    # a 9折 on drinks takes the eligible amount to 9900: below the threshold
    drinks = rule(id="D", scope={"categories": ["DRINK"]})
    cart = price(lines, spend, drinks)
    assert cart.discount_fen == 600 and ("S", THRESHOLD_NOT_MET, None) in reasons(cart, 3)
    # the scope limits what counts
    only_drinks = rule(id="S", kind="spend_reduce", scope={"categories": ["DRINK"]},
                       tiers=[{"threshold_fen": 6000, "off_fen": 700}])
    cart = price(lines, only_drinks)
    assert finals(cart) == [2650, 2650, 4500] and cart.total_fen == 9800


def test_spend_reduce_regular_price_only_skips_discounted_lines():
    lines = [item(1, "a", 6000, cat="DRINK"), item(2, "b", 6000)]
    drinks = rule(id="D", scope={"categories": ["DRINK"]})
    spend = rule(id="S", kind="spend_reduce", regular_price_only=True,
                 tiers=[{"threshold_fen": 5000, "off_fen": 500}])
    cart = price(lines, drinks, spend)
    assert applied(cart, 1) == [("D", 600)] and applied(cart, 2) == [("S", 500)]
    assert ("S", REGULAR_PRICE_ONLY, "D") in reasons(cart, 1)


def test_buy_two_get_one_cheapest_free_shared_over_the_group():
    b2g1 = rule(kind="buy_n_get_m", buy=2, free=1, scope={"categories": ["SNACK"]})
    lines = [item(1, "chips", 750, qty=2, cat="SNACK"), item(2, "stick", 150, cat="SNACK")]
    cart = price(lines, b2g1)
    assert cart.discount_fen == 150  # the cheapest of the three
    assert applied(cart, 1) == [("R1", 136)] and applied(cart, 2) == [("R1", 14)]  # by value
    # units sorted by price, highest first, cut into groups of three
    lines = [item(1, "x", 1000, qty=3, cat="SNACK"), item(2, "y", 100, qty=3, cat="SNACK"),
             item(3, "z", 500, cat="SNACK")]
    assert price(lines, b2g1).discount_fen == 1000 + 100  # (10,10,10) (5,1,1); 1 left over
    # too few for a group
    cart = price([item(1, "chips", 750, qty=2, cat="SNACK")], b2g1)
    assert cart.total_fen == 1500 and reasons(cart, 1) == {("R1", INCOMPLETE_GROUP, None)}


def test_buy_n_get_m_same_product_groups_per_product():
    b3g1 = rule(kind="buy_n_get_m", buy=3, free=1, mode="same_product",
                scope={"products": ["beef", "pickle"]})
    lines = [item(1, "beef", 450, qty=5), item(2, "pickle", 500, qty=3), item(3, "beef", 450, 3)]
    cart = price(lines, b3g1)
    assert cart.discount_fen == 900  # 8 beef: 2 free; 3 pickle: no group
    assert reasons(cart, 2) == {("R1", INCOMPLETE_GROUP, None)}
    assert applied(cart, 1) == [("R1", 563)] and applied(cart, 3) == [("R1", 337)]


def test_member_price_for_members_only_from_the_catalog_or_the_rule():
    lines = [item(1, "a", 650, member_price=580), item(2, "b", 600), item(3, "c", 400)]
    catalog = rule(id="MP", kind="member_price")
    listed = rule(id="MP2", kind="member_price", prices={"b": 550, "id-c": 380})
    walk_in = price(lines, catalog, listed)
    assert walk_in.total_fen == 1650
    assert reasons(walk_in, 1) == {("MP", MEMBERS_ONLY, None)}
    member = price(lines, catalog, listed, member=MemberLevel("BASIC"))
    assert finals(member) == [580, 550, 380]
    assert [x.price_rule_id for x in member.lines] == ["MP", "MP2", "MP2"]


def test_member_level_rates_by_category_code_or_id_and_levels():
    lines = [item(1, "a", 1000), item(2, "b", 1000, cat="SPECIAL"), item(3, "c", 999)]
    r = rule(id="ML", kind="member_level_discount")
    assert finals(price(lines, r, member=GOLD)) == [800, 900, 799]
    by_id = MemberLevel("GOLD", category_rates_bp={"cid-SPECIAL": 9500}, default_rate_bp=8000)
    assert finals(price(lines, r, member=by_id)) == [800, 950, 799]
    assert finals(price(lines, r)) == [1000, 1000, 999]
    silver_only = rule(id="ML", kind="member_level_discount", levels=["SILVER"])
    cart = price(lines, silver_only, member=GOLD)
    assert cart.total_fen == 2999 and reasons(cart, 1) == {("ML", "level_not_included", None)}
    no_discount = MemberLevel("BASIC")  # 10000 bp: nothing off
    assert price(lines, r, member=no_discount).total_fen == 2999


# -- resolution --------------------------------------------------------------------------------

def test_higher_priority_wins_even_with_a_smaller_discount():
    low = rule(id="A-big", priority=1, rate_bp=5000)
    high = rule(id="B-small", priority=2, rate_bp=9000)
    cart = price([item(1, "a", 1000)], low, high)
    assert applied(cart, 1) == [("B-small", 100)]
    assert reasons(cart, 1) == {("A-big", OUTRANKED, "B-small")}


def test_same_priority_the_better_deal_wins_and_ties_go_to_the_lower_id():
    cart = price([item(1, "a", 1000)], rule(id="A", rate_bp=9000), rule(id="B", rate_bp=8000))
    assert applied(cart, 1) == [("B", 200)]
    assert reasons(cart, 1) == {("A", SMALLER_DISCOUNT, "B")}
    tie = price([item(1, "a", 1000)], rule(id="Z", rate_bp=8000),
                rule(id="M", rate_bp=None, price_fen=800))
    assert applied(tie, 1) == [("M", 200)]


def test_member_discount_competes_with_promotions_line_by_line():
    lines = [item(1, "cola", 300, cat="DRINK"), item(2, "chips", 750)]
    drinks = rule(id="D", rate_bp=7000, scope={"categories": ["DRINK"]})
    level = rule(id="ML", kind="member_level_discount")
    cart = price(lines, drinks, level, member=GOLD)
    assert [x.price_rule_id for x in cart.lines] == ["D", "ML"]
    assert finals(cart) == [210, 600]


def test_buy_n_get_m_against_a_per_line_rule_at_the_same_priority():
    snacks = [item(1, "chips", 750, qty=2, cat="SNACK"), item(2, "stick", 150, cat="SNACK")]
    b2g1 = rule(id="B", kind="buy_n_get_m", buy=2, free=1, scope={"categories": ["SNACK"]})
    chips_off = rule(id="C", rate_bp=9500, scope={"products": ["chips"]})  # 75 off the chips
    cart = price(snacks, b2g1, chips_off)  # chips keep the group's share (136 > 75)
    assert [x.price_rule_id for x in cart.lines] == ["B", "B"]
    chips_half = rule(id="C", rate_bp=5000, scope={"products": ["chips"]})
    cart = price(snacks, b2g1, chips_half)  # chips leave; the stick alone makes no group
    assert [x.price_rule_id for x in cart.lines] == ["C", None]
    assert ("B", SMALLER_DISCOUNT, "C") in reasons(cart, 1)


def test_exclusive_rule_stops_later_rules_and_takes_only_untouched_lines():
    lines = [item(1, "a", 6000, cat="DRINK"), item(2, "b", 6000)]
    drinks = rule(id="D", exclusive=True, scope={"categories": ["DRINK"]})
    spend = rule(id="S", kind="spend_reduce", tiers=[{"threshold_fen": 10000, "off_fen": 1000}])
    cart = price(lines, drinks, spend)  # only line 2 (6000) is eligible: below 100
    assert cart.discount_fen == 600 and ("S", EXCLUSIVE, "D") in reasons(cart, 1)
    not_exclusive = rule(id="D", scope={"categories": ["DRINK"]})
    assert price(lines, not_exclusive, spend).discount_fen == 600 + 1000
    exclusive_spend = rule(id="S", kind="spend_reduce", exclusive=True,
                           tiers=[{"threshold_fen": 5000, "off_fen": 500}])
    cart = price(lines, not_exclusive, exclusive_spend)
    assert applied(cart, 1) == [("D", 600)] and applied(cart, 2) == [("S", 500)]
    assert ("S", EXCLUSIVE, "D") in reasons(cart, 1)


def test_an_exclusivity_group_allows_one_rule_per_line():
    lines = [item(1, "a", 10000)]
    s1 = rule(id="S1", kind="spend_reduce", group="SPEND", priority=2,
              tiers=[{"threshold_fen": 5000, "off_fen": 500}])
    s2 = rule(id="S2", kind="spend_reduce", group="SPEND", priority=1,
              tiers=[{"threshold_fen": 5000, "off_fen": 800}])
    cart = price(lines, s1, s2)
    assert applied(cart, 1) == [("S1", 500)] and reasons(cart, 1) == {("S2", GROUP, "S1")}
    ungrouped = rule(id="S2", kind="spend_reduce", priority=1,
                     tiers=[{"threshold_fen": 5000, "off_fen": 800}])
    assert applied(price(lines, s1, ungrouped), 1) == [("S1", 500), ("S2", 800)]
    # a line-level rule of the group blocks an order-level one of the same group
    line_g = rule(id="L", group="SPEND")
    cart = price(lines, line_g, s2)
    assert applied(cart, 1) == [("L", 1000)] and ("S2", GROUP, "L") in reasons(cart, 1)


def test_results_do_not_depend_on_the_order_rules_are_given_in():
    rules = [rule(id="A", rate_bp=9000), rule(id="B", rate_bp=None, price_fen=900),
             rule(id="S1", kind="spend_reduce", tiers=[{"threshold_fen": 1000, "off_fen": 99}]),
             rule(id="S2", kind="spend_reduce", tiers=[{"threshold_fen": 1000, "off_fen": 77}])]
    lines = [item(1, "a", 1000, qty=2), item(2, "b", 333, qty=3)]
    first = price(lines, *rules)
    for _ in range(10):
        random.shuffle(rules)
        assert price(lines, *rules) == first


def test_ties_between_products_do_not_depend_on_scan_order():
    lines = [item(1, "p", 300, cat="SNACK"), item(2, "q", 300, cat="SNACK"),
             item(3, "r", 300, cat="SNACK"), item(4, "s", 300, cat="SNACK")]
    b3g1 = rule(id="B", kind="buy_n_get_m", buy=2, free=1, scope={"categories": ["SNACK"]})
    spend = rule(id="S", kind="spend_reduce", tiers=[{"threshold_fen": 100, "off_fen": 1}])
    first = price(lines, b3g1, spend)
    for order in ([3, 2, 1, 0], [1, 3, 0, 2], [2, 0, 3, 1]):
        again = price([CartLine(n, *list(vars_of(lines[i]))[1:])
                       for n, i in enumerate(order, start=1)], b3g1, spend)
        assert {x.product_id: x.final_fen for x in again.lines} == {
            x.product_id: x.final_fen for x in first.lines}


def vars_of(line):
    return (line.line_no, line.product_id, line.category_id, line.qty, line.unit_price_fen,
            line.member_price_fen, line.sku, line.category_code)


def test_to_dict_is_json_ready():
    cart = price([item(1, "a", 1000)], rule(id="A"))
    data = json.loads(json.dumps(cart.to_dict()))
    assert data["total_fen"] == 900 and data["lines"][0]["discounts"][0]["rule_id"] == "A"
    assert data["lines"][0]["discounts"][0]["stage"] == LINE
    assert data["rules"] == [{"rule_id": "A", "rule_name": "促销", "kind": "time_discount",
                              "stage": LINE, "amount_fen": 100}]


def test_bad_lines_are_refused():
    with pytest.raises(ValueError):
        price([item(1, "a", 100), item(1, "b", 100)])
    with pytest.raises(PosError):
        price([item(1, "a", 100, qty=0)])
    with pytest.raises(PosError):
        price([item(1, "a", -100)])


# -- properties --------------------------------------------------------------------------------

CATS = ("DRINK", "SNACK", "CARE")
scope_st = st.one_of(st.just({"all": True}),
                     st.builds(lambda c: {"categories": [c]}, st.sampled_from(CATS)),
                     st.builds(lambda p: {"products": [p]}, st.sampled_from("pqrstu")))
common_st = st.fixed_dictionaries({
    "priority": st.integers(min_value=0, max_value=2), "exclusive": st.booleans(),
    "group": st.sampled_from([None, "G"]), "scope": scope_st})
tier_st = st.builds(lambda t, o: {"threshold_fen": t, "off_fen": min(o, t)},
                    st.integers(min_value=1, max_value=20000),
                    st.integers(min_value=1, max_value=5000))
own_st = st.one_of(
    st.fixed_dictionaries({"kind": st.just("time_discount"),
                           "rate_bp": st.integers(min_value=1, max_value=9999)}),
    st.fixed_dictionaries({"kind": st.just("time_discount"),
                           "price_fen": st.integers(min_value=0, max_value=3000)}),
    st.fixed_dictionaries({"kind": st.just("member_price")}),
    st.fixed_dictionaries({"kind": st.just("member_level_discount")}),
    st.fixed_dictionaries({"kind": st.just("buy_n_get_m"),
                           "buy": st.integers(min_value=1, max_value=3),
                           "free": st.integers(min_value=1, max_value=2),
                           "mode": st.sampled_from(["cheapest", "same_product"])}),
    st.fixed_dictionaries({"kind": st.just("spend_reduce"),
                           "tiers": st.lists(tier_st, min_size=1, max_size=3,
                                             unique_by=lambda t: t["threshold_fen"])}),
    st.fixed_dictionaries({"kind": st.just("spend_reduce"), "tiers": st.lists(
        tier_st, min_size=1, max_size=1), "stacked": st.just(True),
        "cap_fen": st.none() | st.integers(min_value=1, max_value=9000)}),
)


@st.composite
def rules_st(draw):
    rules = []
    for i in range(draw(st.integers(min_value=0, max_value=6))):
        data = {"id": f"R{i}", "name": f"规则{i}", **draw(common_st), **draw(own_st)}
        if data["kind"] == "spend_reduce" and draw(st.booleans()):
            data["regular_price_only"] = True
        if data.get("cap_fen") is None:
            data.pop("cap_fen", None)
        rules.append(parse_rule(data))
    return rules


@st.composite
def cart_st(draw):
    catalog = {}
    for sku in "pqrstu":
        # few distinct prices, so that ties (same price, same remainder) are common
        unit = draw(st.sampled_from([0, 150, 300, 350, 750, 999]) | st.integers(0, 5000))
        member = draw(st.none() | st.sampled_from([0, 140, 280, 999]))
        catalog[sku] = (unit, member, draw(st.sampled_from(CATS)))
    picks = draw(st.lists(st.tuples(st.sampled_from("pqrstu"),
                                    st.integers(min_value=1, max_value=12)),
                          min_size=1, max_size=8))
    return [CartLine(n, f"id-{sku}", f"cid-{catalog[sku][2]}", qty, catalog[sku][0],
                     catalog[sku][1], sku=sku, category_code=catalog[sku][2])
            for n, (sku, qty) in enumerate(picks, start=1)]


member_st = st.none() | st.builds(
    lambda d, r: MemberLevel("L", default_rate_bp=d, category_rates_bp={"SNACK": r}),
    st.integers(min_value=1, max_value=10000), st.integers(min_value=1, max_value=10000))


def per_product(cart):
    totals = {}
    for x in cart.lines:
        totals[x.product_id] = totals.get(x.product_id, 0) + x.final_fen
    return totals


@settings(max_examples=200, deadline=None)
@given(cart_st(), rules_st(), member_st, st.randoms(use_true_random=False))
def test_pricing_properties(lines, rules, member, rnd):
    cart = price(lines, *rules, member=member)
    # never negative; never dearer; line finals add up to the total exactly
    assert cart.total_fen >= 0 and cart.total_fen <= cart.original_fen
    assert sum(x.final_fen for x in cart.lines) == cart.total_fen
    assert cart.discount_fen == cart.original_fen - cart.total_fen
    for x in cart.lines:
        assert 0 <= x.final_fen <= x.line_price_fen <= x.original_fen
        assert x.original_fen - sum(d.amount_fen for d in x.discounts) == x.final_fen
        assert all(d.amount_fen > 0 for d in x.discounts)
        assert sum(d.stage == LINE for d in x.discounts) <= 1  # one line-level rule at most
        assert all(d.stage == ORDER for d in x.discounts[1:])  # order level comes after
    assert sum(d.amount_fen for d in cart.rule_totals) == cart.discount_fen
    # refunding every unit of every line, in random chunks, refunds exactly what was paid
    refunded = 0
    for x in cart.lines:
        done = 0
        while done < x.qty:
            k = rnd.randint(1, x.qty - done)
            refunded += refund_share(x.final_fen, x.qty, done, k)
            done += k
    assert refunded == cart.total_fen
    # scan order does not matter: shuffle the lines and number them again
    shuffled = list(lines)
    rnd.shuffle(shuffled)
    renumbered = [CartLine(n, x.product_id, x.category_id, x.qty, x.unit_price_fen,
                           x.member_price_fen, x.sku, x.category_code)
                  for n, x in enumerate(shuffled, start=1)]
    again = price(renumbered, *reversed(rules), member=member)
    assert again.total_fen == cart.total_fen
    assert per_product(again) == per_product(cart)
    assert again.rule_totals == cart.rule_totals


@settings(max_examples=100, deadline=None)
@given(cart_st(), rules_st(), member_st)
def test_rules_that_are_not_live_change_nothing(lines, rules, member):
    live = price(lines, *rules, member=member)
    dead = [rule(id=f"X{i}", enabled=False) for i in range(2)] + [
        rule(id="X-old", rate_bp=1, valid_to="2026-01-01T00:00:00Z"),
        rule(id="X-new", kind="spend_reduce", valid_from="2027-01-01T00:00:00Z",
             tiers=[{"threshold_fen": 1, "off_fen": 1}]),
        rule(id="X-night", rate_bp=1, schedule={"time_from": "22:00", "time_to": "06:00"})]
    cart = price(lines, *rules, *dead, member=member)
    assert cart.lines == live.lines and cart.total_fen == live.total_fen
    assert {n.rule_id for n in cart.inactive} == {r.id for r in dead}
