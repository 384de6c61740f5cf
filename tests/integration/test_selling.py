"""Selling in depth on a real till file: promotions from the changes feed, scale labels, split
tender, mobile pay, store rounding, approvals (audit.override), voids, suspend/resume across a
restart, and the closed-day rule. Every refusal leaves the outbox as it was."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import text

from pos_app import bootstrap
from pos_app.adapters.mobile_pay import SimulatedMobilePay
from pos_app.adapters.sync_ports import SqliteChangeSink
from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.business_day import business_date
from pos_app.domain.errors import InsufficientTender, LoginFailed
from pos_app.domain.roles import ApprovalNeeded, ApproverIsRequester, ApproverNotAllowed
from pos_app.domain.tender import MissingCardReference, NonCashOverDue, TenderKind, TenderOffer
from pos_app.services.approvals import LAST_CLOSED_KEY, Credentials
from pos_app.services.ports import MobilePayDeclined
from sync.protocol import (
    AuditOverridePayload,
    Change,
    SaleCompletedV2Payload,
    SaleVoidedPayload,
)
from tests.till_fixtures import CASHIER, MANAGER, open_seeded_till, pin_hash

COLA, WATER, NOODLE = "6901234567892", "6902083881405", "6920152400012"
CASH, CARD, MOBILE = TenderKind.CASH, TenderKind.CARD, TenderKind.MOBILE
WECHAT_CODE = "134567890123456789"
DRINKS_10_OFF = {"id": "PROMO-D9", "name": "饮料9折", "kind": "time_discount", "priority": 50,
                 "scope": {"categories": ["01"]}, "rate_bp": 9000}


def feed(app, *changes: dict) -> None:
    rows = [Change(cursor=1000 + i, op=c.pop("op", "upsert"), **c)
            for i, c in enumerate(changes)]
    SqliteChangeSink(app.uow_factory).apply(rows, rows[-1].cursor)


def events(app, type_: str | None = None) -> list:
    """Payloads of one event type, or (type, payload) of every event when no type is given."""
    with app.uow_factory(readonly=True) as uow:
        rows = uow.session.execute(text("SELECT type, payload FROM outbox ORDER BY seq")).all()
    if type_ is None:
        return [tuple(x) for x in rows]
    return [json.loads(p) for t, p in rows if t == type_]


def job_document(app, receipt_no: str) -> dict:
    with app.uow_factory(readonly=True) as uow:
        return uow.print_jobs.first_for_receipt(receipt_no).document


@pytest.fixture
def app(tmp_path):
    app = open_seeded_till(tmp_path / "till")
    yield app
    app.close()


@pytest.fixture
def cashier(app):
    return app.till.login(*CASHIER)


def ring(app, *codes: str):
    sale = app.till.new_sale()
    for code in codes:
        app.till.scan(sale, code)
    return sale


def test_a_promotion_from_head_office_prices_the_sale_and_travels_with_it(app, cashier):
    feed(app, {"entity": "promotion", "key": "PROMO-D9", "data": DRINKS_10_OFF})
    sale = ring(app, f"{COLA}*4", NOODLE)
    assert sale.total_fen == 1080 + 405  # every seeded product is in category 01 (饮料)
    done = app.till.complete_sale(cashier, sale, [TenderOffer(CASH, 2000)])
    assert done.change_fen == 2000 - done.total_fen

    payload = SaleCompletedV2Payload.model_validate(events(app, "sale.completed")[-1])
    cola = payload.lines[0]
    assert (cola.original_fen, cola.final_fen) == (1200, 1080)
    assert [d.rule_name for d in cola.discounts] == ["饮料9折"]
    assert sum(x.final_fen for x in payload.lines) == payload.total_fen == done.total_fen
    assert payload.original_fen - payload.discount_fen == payload.total_fen

    receipt = job_document(app, done.receipt_no)
    labels = {x["label"]: x["amount"] for x in receipt["totals"]}
    assert labels["饮料9折"] == "-1.65"  # 1.20 off the cola, 0.45 off the noodles


def test_a_promotion_head_office_withdraws_stops_applying(app, cashier):
    feed(app, {"entity": "promotion", "key": "PROMO-D9", "data": DRINKS_10_OFF})
    assert ring(app, COLA).total_fen == 270
    feed(app, {"entity": "promotion", "key": "PROMO-D9", "op": "delete", "data": None})
    assert ring(app, COLA).total_fen == 300


def test_split_tender_card_and_cash_gives_change_from_cash_only(app, cashier):
    sale = ring(app, f"{COLA}*5")  # 15.00
    done = app.till.complete_sale(cashier, sale, [TenderOffer(CARD, 1000, reference="889977"),
                                                  TenderOffer(CASH, 1000)])
    assert done.change_fen == 500
    tenders = events(app, "sale.completed")[-1]["tenders"]
    assert [(t["kind"], t["amount_fen"], t["change_fen"], t["reference"]) for t in tenders] == \
        [("card", 1000, 0, "889977"), ("cash", 500, 500, None)]


@pytest.mark.parametrize(("offers", "error"), [
    ([TenderOffer(CARD, 1600, reference="1")], NonCashOverDue),
    ([TenderOffer(CARD, 1000, reference=None), TenderOffer(CASH, 500)], MissingCardReference),
    ([TenderOffer(CARD, 1000, reference="1"), TenderOffer(CASH, 400)], InsufficientTender),
])
def test_tenders_that_do_not_add_up_write_nothing(app, cashier, offers, error):
    sale = ring(app, f"{COLA}*5")
    before = events(app)
    with pytest.raises(error):
        app.till.complete_sale(cashier, sale, offers)
    assert events(app) == before and len(sale.lines) == 1


def test_mobile_pay_offline_is_recorded_pending_confirmation(app, cashier):
    app.till.mobile = SimulatedMobilePay(reachable=lambda: False)
    done = app.till.complete_sale(cashier, ring(app, COLA), [TenderOffer(MOBILE, 300,
                                                                         WECHAT_CODE)])
    assert done.pending_confirmation
    tender = events(app, "sale.completed")[-1]["tenders"][0]
    assert (tender["status"], tender["provider"], tender["reference"]) == \
        ("pending", "wechat", WECHAT_CODE)
    payments = job_document(app, done.receipt_no)["payments"]
    assert any(app.till.translate("receipt", "(to be confirmed)") in x["label"]
               for x in payments)


def test_a_declined_mobile_payment_writes_nothing_and_a_failed_save_cancels_the_charge(
        app, cashier, monkeypatch):
    mobile = SimulatedMobilePay()
    app.till.mobile = mobile
    before = events(app)
    with pytest.raises(MobilePayDeclined):
        app.till.complete_sale(cashier, ring(app, COLA),
                               [TenderOffer(MOBILE, 300, "134567890123450000")])
    assert events(app) == before

    from pos_app.services import checkout

    def broken(*args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(checkout, "build_receipt", broken)
    with pytest.raises(OSError):
        app.till.complete_sale(cashier, ring(app, COLA), [TenderOffer(MOBILE, 300, WECHAT_CODE)])
    assert events(app) == before
    assert len(mobile.cancelled) == 1 and not mobile.charges


def test_store_rounding_applies_to_all_cash_sales_only(app, cashier):
    feed(app, {"entity": "store", "key": app.till.identity().store_id, "data": {
        "id": app.till.identity().store_id, "code": "S001", "name": "人民路店",
        "policy": {"cash_rounding": "jiao"}}})
    feed(app, {"entity": "promotion", "key": "PROMO-D9", "data": DRINKS_10_OFF})
    cash = app.till.complete_sale(cashier, ring(app, f"{NOODLE}*3"), [TenderOffer(CASH, 2000)])
    # 3 × 4.50 × 0.9 = 12.15 → 抹零 0.05 → 12.10
    assert (cash.total_fen, cash.rounding_fen, cash.change_fen) == (1210, 5, 790)
    payload = events(app, "sale.completed")[-1]
    assert payload["rounding_fen"] == 5 and payload["total_fen"] == 1210
    assert sum(x["final_fen"] for x in payload["lines"]) == 1210
    card = app.till.complete_sale(cashier, ring(app, f"{NOODLE}*3"),
                                  [TenderOffer(CARD, 1215, reference="R1")])
    assert (card.total_fen, card.rounding_fen) == (1215, 0)


def test_scale_labels_carry_weight_and_amount(app, cashier):
    feed(app, {"entity": "product", "key": "p-apple", "data": {
        "id": "p-apple", "sku": "FR001", "name": "红富士苹果", "category_id": None,
        "price_fen": 1280, "barcodes": [], "unit": "kg", "plu": "00123"}})
    body = "28" + "00123" + "01530" + "01195"  # flag, PLU, amount 15.30, weight 1.195 kg
    label = body + str(gtin_check_digit(body))
    sale = ring(app, label)
    line = sale.lines[0]
    assert (line.product.name, line.amount_fen, line.weight_g) == ("红富士苹果", 1530, 1195)
    done = app.till.complete_sale(cashier, sale, [TenderOffer(CASH, 1530)])
    item = job_document(app, done.receipt_no)["lines"][0]
    assert (item["qty"], item["unit_price"], item["amount"]) == ("1.195kg", "12.80/kg", "15.30")
    assert ring(app, "123").lines[0].product.sku == "FR001"  # PLU typed at the counter


def test_discount_over_the_cashiers_limit_needs_a_managers_pin_and_is_audited(app, cashier):
    sale = ring(app, f"{COLA}*10")  # 30.00
    app.till.discount_line(cashier, sale, 1, 300)  # 10%: within a cashier's limit
    before = events(app)
    with pytest.raises(ApprovalNeeded):
        app.till.discount_line(cashier, sale, 1, 600)
    with pytest.raises(LoginFailed):
        app.till.discount_line(cashier, sale, 1, 600, Credentials(MANAGER[0], "0000"))
    with pytest.raises(ApproverIsRequester):
        app.till.discount_line(cashier, sale, 1, 600, Credentials(*CASHIER))
    assert events(app) == before and sale.total_fen == 2700

    app.till.discount_line(cashier, sale, 1, 600, Credentials(*MANAGER))
    assert sale.total_fen == 2400
    audit = AuditOverridePayload.model_validate(events(app, "audit.override")[-1])
    assert (audit.action, audit.requested_by, audit.approved_by, audit.amount_fen) == \
        ("discount", CASHIER[0], MANAGER[0], 600)


def test_a_cashier_cannot_approve_what_a_cashier_may_not_do(app, tmp_path):
    manager = app.till.login(*MANAGER)
    feed(app, {"entity": "staff", "key": "s-1002", "data": {
        "id": "s-1002", "staff_no": "1002", "name": "李娜", "role": "cashier",
        "pin_hash": pin_hash("2222")}})
    cashier = app.till.login(*CASHIER)
    sale = ring(app, COLA)
    with pytest.raises(ApproverNotAllowed):
        app.till.override_price(cashier, sale, 1, 100, Credentials("1002", "2222"))
    app.till.override_price(manager, sale, 1, 100)  # a manager may, without anyone's PIN
    assert sale.total_fen == 100


def test_voiding_a_whole_sale_needs_approval_and_is_recorded(app, cashier):
    sale = ring(app, f"{COLA}*2", WATER, NOODLE)
    app.till.void_line(cashier, sale, 2)  # a cashier may void a line
    with pytest.raises(ApprovalNeeded):
        app.till.void_sale(cashier, sale)
    app.till.void_sale(cashier, sale, Credentials(*MANAGER))
    assert sale.is_empty()
    voided = SaleVoidedPayload.model_validate(events(app, "sale.voided")[-1])
    assert voided.total_fen == 600 + 450 and voided.approved_by == MANAGER[0]
    assert [(x.sku, x.qty) for x in voided.lines] == [("SKU0002", 1), ("SKU0001", 2),
                                                     ("SKU0003", 1)]
    assert [e["action"] for e in events(app, "audit.override")] == ["void_sale"]


def test_voided_lines_travel_with_the_sale_they_were_on(app, cashier):
    sale = ring(app, COLA, WATER)
    app.till.void_line(cashier, sale, 1)
    app.till.complete_sale(cashier, sale, [TenderOffer(CASH, 200)])
    payload = events(app, "sale.completed")[-1]
    assert [(x["sku"], x["amount_fen"]) for x in payload["voided_lines"]] == [("SKU0001", 300)]


def test_suspended_sales_survive_a_restart(tmp_path):
    app = open_seeded_till(tmp_path / "till")
    cashier = app.till.login(*CASHIER)
    first = ring(app, f"{COLA}*2", NOODLE)
    app.till.discount_sale(cashier, first, 50)
    second = ring(app, WATER)
    app.till.suspend(cashier, first)
    app.till.suspend(cashier, second)
    app.close()

    app = bootstrap.open_till(tmp_path / "till")
    try:
        waiting = app.till.suspended_sales()
        assert [(x.item_count, x.total_fen) for x in waiting] == [(3, 1000), (1, 200)]
        back = app.till.resume(waiting[0].id)
        assert [(x.product.name, x.qty) for x in back.lines] == [("可口可乐 330ml", 2),
                                                                ("康师傅红烧牛肉面", 1)]
        assert back.total_fen == 1000
        assert len(app.till.suspended_sales()) == 1
        done = app.till.complete_sale(app.till.login(*CASHIER), back, [TenderOffer(CASH, 1000)])
        assert done.total_fen == 1000
    finally:
        app.close()


def test_after_a_z_report_sales_belong_to_the_next_business_day(app, cashier):
    today = business_date(app.till.clock.now(), "Asia/Shanghai")
    with app.uow_factory() as uow:
        uow.settings.put(LAST_CLOSED_KEY, today.isoformat())
        uow.commit()
    done = app.till.complete_sale(cashier, ring(app, COLA), [TenderOffer(CASH, 300)])
    assert done.business_date == (today + timedelta(days=1)).isoformat()
    assert done.receipt_no.endswith((today + timedelta(days=1)).strftime("%Y%m%d") + "-0001")
    assert date.fromisoformat(done.business_date) > today


def test_opening_the_drawer_without_a_sale_is_permissioned_and_audited(app, cashier):
    kicks = (app.data_dir / "receipts" / "drawer.log")
    before = kicks.read_text() if kicks.exists() else ""
    with pytest.raises(ApprovalNeeded):
        app.till.open_drawer(cashier)
    app.till.open_drawer(cashier, Credentials(*MANAGER))
    app.till.open_drawer(app.till.login(*MANAGER))
    audits = events(app, "audit.override")
    assert [(a["action"], a["requested_by"], a["approved_by"]) for a in audits] == [
        ("open_drawer", CASHIER[0], MANAGER[0]), ("open_drawer", MANAGER[0], MANAGER[0])]
    assert len(kicks.read_text().splitlines()) == len(before.splitlines()) + 2


def test_a_sale_left_empty_after_voids_still_records_them(app, cashier):
    sale = ring(app, COLA, WATER)
    app.till.void_line(cashier, sale, 1)
    app.till.void_line(cashier, sale, 2)
    assert app.till.abandon(cashier, sale) is not None
    voided = SaleVoidedPayload.model_validate(events(app, "sale.voided")[-1])
    assert [(x.sku, x.amount_fen) for x in voided.lines] == [("SKU0001", 300), ("SKU0002", 200)]
    assert voided.total_fen == 0 and sale.voided == []
    assert app.till.abandon(cashier, sale) is None  # nothing left to record


def test_scans_read_the_latest_catalog_through_the_kept_connection(app, cashier):
    assert app.till.scan_reader is not None  # the window and commands scan through it
    assert ring(app, COLA).total_fen == 300
    feed(app, {"entity": "product", "key": "p-1", "data": {
        "id": "p-1", "sku": "SKU0001", "name": "可口可乐 330ml", "category_id": "c-1",
        "price_fen": 350, "barcodes": [COLA]}})
    assert ring(app, COLA).total_fen == 350  # a price HQ changed applies at the next scan
