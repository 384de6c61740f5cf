"""Returns and refunds on a real till file: full and partial returns (exact to the fen, with
promotions and a manual discount), no double return (also from a stale lookup and from racing
processes), split tender prorated, mobile refunds online and offline, refunds in cash instead,
returns without receipt, the return period, approvals, and a sale from another till via HQ.
Every refusal leaves the outbox, the refund tables and the receipt counter as they were."""

from __future__ import annotations

import json
import subprocess
import sys
from dataclasses import replace
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest
from sqlalchemy import text

from pos_app.adapters.mobile_pay import SimulatedMobilePay
from pos_app.adapters.sync_ports import SqliteChangeSink
from pos_app.domain.allocation import refund_share
from pos_app.domain.errors import InvalidQuantity, LoginFailed, NoSuchLine
from pos_app.domain.roles import (
    ApprovalNeeded,
    ApproverIsRequester,
    ApproverNotAllowed,
    Permission,
)
from pos_app.domain.tender import MissingCardReference, TenderKind, TenderOffer
from pos_app.services import refunds
from pos_app.services.approvals import Credentials
from pos_app.services.ports import MobilePayDeclined
from pos_app.services.status import ACKED_THROUGH
from sync.protocol import AuditOverridePayload, Change, RefundCompletedPayload
from tests.till_fixtures import CASHIER, MANAGER, STORE_ID, open_seeded_till, pin_hash

ROOT = Path(__file__).resolve().parents[2]
COLA, WATER, NOODLE, SNACK = "6901234567892", "6902083881405", "6920152400012", "6901030000005"
CASH, CARD, MOBILE = TenderKind.CASH, TenderKind.CARD, TenderKind.MOBILE
WECHAT_CODE = "134567890123456789"
MGR = Credentials(*MANAGER)
DRINKS_10_OFF = {"id": "PROMO-D9", "name": "饮料9折", "kind": "time_discount", "priority": 50,
                 "scope": {"products": ["SKU0001"]}, "rate_bp": 9000}


class FixedClock:
    def __init__(self, now: datetime) -> None:
        self.at = now

    def now(self) -> datetime:
        return self.at


@pytest.fixture
def app(tmp_path):
    app = open_seeded_till(tmp_path / "till", "en")
    yield app
    app.close()


@pytest.fixture
def cashier(app):
    return app.till.login(*CASHIER)


@pytest.fixture
def manager(app):
    return app.till.login(*MANAGER)


def feed(app, *changes: dict) -> None:
    rows = [Change(cursor=1000 + i, op=c.pop("op", "upsert"), **c)
            for i, c in enumerate(changes)]
    SqliteChangeSink(app.uow_factory).apply(rows, rows[-1].cursor)


def set_policy(app, **policy) -> None:
    feed(app, {"entity": "store", "key": STORE_ID, "data": {
        "id": STORE_ID, "code": "S001", "name": "人民路店", "policy": policy}})


def rows(app, sql: str) -> list[tuple]:
    with app.uow_factory(readonly=True) as uow:
        return [tuple(r) for r in uow.session.execute(text(sql)).all()]


def events(app, type_: str | None = None) -> list[dict]:
    return [{"type": t, **json.loads(p)} for t, p in
            rows(app, "SELECT type, payload FROM outbox ORDER BY seq") if type_ in (None, t)]


def written(app) -> tuple:
    """Everything a refund writes: the outbox and the refund tables, jobs, receipt counter."""
    return (rows(app, "SELECT seq, hash FROM outbox ORDER BY seq"),
            rows(app, "SELECT count(*) FROM refund"), rows(app, "SELECT count(*) FROM refund_line"),
            rows(app, "SELECT count(*) FROM refund_tender"),
            rows(app, "SELECT count(*) FROM print_job"),
            rows(app, "SELECT business_date, last_no FROM receipt_counter"))


def sell(app, staff, codes, offers=None, discount_fen=0):
    sale = app.till.new_sale()
    for code in codes:
        app.till.scan(sale, code)
    if discount_fen:
        app.till.discount_sale(staff, sale, discount_fen, MGR)
    offers = offers or [TenderOffer(CASH, sale.total_fen)]
    return app.till.complete_sale(staff, sale, offers)


def find(app, receipt_no, lookup=None):
    return refunds.find_sale(app.uow_factory, lookup, receipt_no)


def refund(app, staff, receipt_no, picks=None, *, original=None, lookup=None, **options):
    till = app.till
    original = original or find(app, receipt_no, lookup)
    return refunds.refund_sale(app.uow_factory, till.clock, till.translate, till.hasher,
                               till.mobile, staff, original, picks, **options)


def no_receipt(app, staff, items, **options):
    till = app.till
    return refunds.refund_without_receipt(app.uow_factory, till.clock, till.translate,
                                          till.hasher, staff, items, **options)


def sale_lines(app, receipt_no) -> list[tuple[int, int, int]]:
    return rows(app, "SELECT l.line_no, l.qty, l.final_fen FROM sale_line l JOIN sale s ON "
                     f"s.id = l.sale_id WHERE s.receipt_no = '{receipt_no}' ORDER BY l.line_no")


# -- full and partial returns --------------------------------------------------------------


def test_a_full_return_writes_refund_event_audit_and_slip_in_one_go(app, cashier):
    sold = sell(app, cashier, [f"{COLA}*3", NOODLE], [TenderOffer(CASH, 2000)])
    done = refund(app, cashier, sold.receipt_no, approver=MGR, reason="顾客不要了")

    assert done.total_fen == sold.total_fen == 1350
    assert done.refund_no == sold.receipt_no[:-4] + "0002"  # the sales' per-day counter
    assert rows(app, "SELECT refund_no, original_receipt_no, staff_no, approved_by, reason, "
                     "total_fen FROM refund") == [
        (done.refund_no, sold.receipt_no, CASHIER[0], MANAGER[0], "顾客不要了", 1350)]
    assert rows(app, "SELECT original_line_no, sku, qty, amount_fen FROM refund_line "
                     "ORDER BY line_no") == [(1, "SKU0001", 3, 900), (2, "SKU0003", 1, 450)]
    assert rows(app, "SELECT kind, amount_fen, status FROM refund_tender") == [
        ("cash", 1350, "confirmed")]

    audit, event = events(app)[-2:]
    assert AuditOverridePayload.model_validate({k: v for k, v in audit.items() if k != "type"}) \
        .model_dump(include={"action", "requested_by", "approved_by", "amount_fen"}) == {
        "action": "refund", "requested_by": CASHIER[0], "approved_by": MANAGER[0],
        "amount_fen": 1350}
    assert event["type"] == "refund.completed"
    payload = RefundCompletedPayload.model_validate({k: v for k, v in event.items()
                                                     if k != "type"})
    assert (payload.refund_no, payload.original_sale_id, payload.original_receipt_no,
            payload.total_fen, payload.approved_by) == (done.refund_no, sold.sale_id,
                                                        sold.receipt_no, 1350, MANAGER[0])
    assert [(t.kind, t.amount_fen, t.change_fen) for t in payload.tenders] == [("cash", 1350, 0)]

    with app.uow_factory(readonly=True) as uow:
        job = uow.print_jobs.get(done.print_job_id)
    slip = json.dumps(job.document, ensure_ascii=False)
    assert job.receipt_no == done.refund_no and job.document["barcode"] == done.refund_no
    assert "*** REFUND ***" in slip and sold.receipt_no in slip and "可口可乐" in slip
    assert job.document["open_drawer"] is True  # cash goes back out of the drawer
    assert {"label": "Refund total", "amount": "13.50", "bold": True} in job.document["totals"]
    app.till.print_job(done.print_job_id)
    assert list((app.data_dir / "receipts").glob("*.txt"))

    before = written(app)
    with pytest.raises(refunds.NothingLeftToReturn):
        refund(app, cashier, sold.receipt_no, approver=MGR)
    assert written(app) == before


def test_partial_returns_with_promotions_and_a_manual_discount_add_up_to_the_fen(app, manager):
    feed(app, {"entity": "promotion", "key": "PROMO-D9", "data": DRINKS_10_OFF})
    sold = sell(app, manager, [f"{COLA}*7", f"{WATER}*3", SNACK], discount_fen=97)
    lines = sale_lines(app, sold.receipt_no)
    assert sum(final for _no, _qty, final in lines) == sold.total_fen == 1890 + 600 + 680 - 97
    assert len({final % qty for _no, qty, final in lines if qty > 1}) > 0  # not all even

    chunks = [(1, 2), (2, 1), (1, 1), (3, 1), (1, 3), (2, 2), (1, 1)]
    got: dict[int, list[int]] = {}
    returned: dict[int, int] = {}
    for line_no, qty in chunks:
        done = refund(app, manager, sold.receipt_no, [(line_no, qty)])
        _no, sold_qty, final = lines[line_no - 1]
        expected = refund_share(final, sold_qty, returned.get(line_no, 0), qty)
        assert done.total_fen == expected == done.lines[0]["amount_fen"]
        got.setdefault(line_no, []).append(expected)
        returned[line_no] = returned.get(line_no, 0) + qty
    assert {no: sum(v) for no, v in got.items()} == {no: final for no, _q, final in lines}
    assert sum(sum(v) for v in got.values()) == sold.total_fen
    assert rows(app, "SELECT sum(amount_fen) FROM refund_tender") == [(sold.total_fen,)]
    assert find(app, sold.receipt_no).left_qty == 0


def test_a_line_is_never_returned_twice_on_this_till(app, manager):
    sold = sell(app, manager, [f"{COLA}*3", WATER])
    refund(app, manager, sold.receipt_no, [(1, 2)])
    before = written(app)
    with pytest.raises(refunds.ReturnQuantityTooLarge) as error:
        refund(app, manager, sold.receipt_no, [(1, 2)])
    assert "only 1 of 3 are left" in error.value.message()
    assert written(app) == before
    original = find(app, sold.receipt_no)
    assert [(x.line_no, x.returned_qty, x.left) for x in original.lines] == [(1, 2, 1), (2, 0, 1)]
    refund(app, manager, sold.receipt_no, [(1, None)])  # all that is left of line 1
    with pytest.raises(refunds.ReturnQuantityTooLarge):
        refund(app, manager, sold.receipt_no, [(1, None)])
    assert refund(app, manager, sold.receipt_no).lines[0]["original_line_no"] == 2
    assert rows(app, "SELECT original_line_no, sum(qty) FROM refund_line GROUP BY 1") == [
        (1, 3), (2, 1)]


def test_a_stale_lookup_is_checked_again_against_this_tills_refunds(app, manager):
    sold = sell(app, manager, [f"{COLA}*2"])
    stale = find(app, sold.receipt_no)
    refund(app, manager, sold.receipt_no, [(1, 1)], original=stale)
    before = written(app)
    with pytest.raises(refunds.ReturnQuantityTooLarge):
        refund(app, manager, sold.receipt_no, [(1, 2)], original=stale)
    assert written(app) == before


@pytest.mark.parametrize(("picks", "error"), [
    ([(1, 2)], refunds.ReturnQuantityTooLarge),  # the units are gone
    (None, refunds.RefundChangedMeanwhile),  # still some left, but not what was priced
])
def test_a_return_committed_between_the_check_and_the_write_is_caught_in_the_write(
        app, manager, monkeypatch, picks, error):
    sold = sell(app, manager, [f"{COLA}*2"])
    check = refunds.approvals.check
    raced: list = []

    def approve_while_another_refund_commits(*args, **kwargs):
        if not raced:
            raced.append("racing")
            raced.append(refund(app, manager, sold.receipt_no, [(1, 1)]))
        return check(*args, **kwargs)

    monkeypatch.setattr(refunds.approvals, "check", approve_while_another_refund_commits)
    before_race = written(app)
    with pytest.raises(error):
        refund(app, manager, sold.receipt_no, picks)
    assert len(raced) == 2
    assert len(written(app)[0]) == len(before_race[0]) + 1  # only the racing refund
    assert rows(app, "SELECT count(*), sum(total_fen) FROM refund") == [(1, 300)]


def test_processes_racing_to_return_the_same_sale_pay_it_back_once(app, manager):
    sold = sell(app, manager, [f"{COLA}*2", WATER])
    racers = [subprocess.Popen(
        [sys.executable, "-m", "pos_app", "--data-dir", str(app.data_dir), "refund",
         "--staff", MANAGER[0], "--pin", MANAGER[1], "--receipt", sold.receipt_no],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True) for _ in range(3)]
    results = [(r.wait(timeout=120), r.stdout.read(), r.stderr.read()) for r in racers]
    for r in racers:
        r.stdout.close()
        r.stderr.close()
    assert sorted(code for code, _out, _err in results) == [0, 2, 2], results
    for code, _out, err in results:
        if code:
            assert "already been returned" in err or "at the same time" in err, err
    assert rows(app, "SELECT count(*), sum(total_fen) FROM refund") == [(1, sold.total_fen)]
    assert len(events(app, "refund.completed")) == 1


# -- tenders -------------------------------------------------------------------------------


def test_split_tender_is_paid_back_prorated_and_exactly(app, manager):
    sold = sell(app, manager, [f"{COLA}*5"], [TenderOffer(CARD, 1000, reference="889977"),
                                               TenderOffer(CASH, 1000)])  # cash 500 net
    first = refund(app, manager, sold.receipt_no, [(1, 1)], card_reference="RF0001")
    assert [(t["kind"], t["amount_fen"], t["reference"]) for t in first.tenders] == [
        ("card", 200, "RF0001"), ("cash", 100, None)]
    second = refund(app, manager, sold.receipt_no, [(1, 2)], card_reference="RF0002")
    third = refund(app, manager, sold.receipt_no, card_reference="RF0003")
    assert [t["amount_fen"] for t in second.tenders] == [400, 200]
    assert [t["amount_fen"] for t in third.tenders] == [400, 200]
    assert rows(app, "SELECT kind, sum(amount_fen) FROM refund_tender GROUP BY kind "
                     "ORDER BY kind") == [("card", 1000), ("cash", 500)]


def test_odd_splits_still_add_up_over_partial_returns(app, manager):
    sold = sell(app, manager, [f"{NOODLE}*3", f"{WATER}*2"],  # 17.50
                [TenderOffer(CARD, 333, reference="A1"), TenderOffer(CARD, 444, reference="A2"),
                 TenderOffer(CASH, 1000)])  # cash 973 net
    for picks in ([(1, 1)], [(2, 1)], [(1, 1)], None):
        refund(app, manager, sold.receipt_no, picks)
    assert rows(app, "SELECT kind, sum(amount_fen) FROM refund_tender GROUP BY kind "
                     "ORDER BY kind") == [("card", 777), ("cash", 973)]
    assert all(fen > 0 for (fen,) in rows(app, "SELECT amount_fen FROM refund_tender"))


def test_mobile_refunds_online_and_pending_when_the_provider_is_unreachable(app, manager):
    online = SimulatedMobilePay()
    app.till.mobile = online
    sold = sell(app, manager, [f"{COLA}*4"], [TenderOffer(MOBILE, 1200, WECHAT_CODE)])
    [charge] = online.charges
    done = refund(app, manager, sold.receipt_no, [(1, 1)])
    assert online.refunds == [(charge, 300)]
    [tender] = done.tenders
    assert (tender["kind"], tender["status"], tender["provider"]) == ("mobile", "confirmed",
                                                                      "wechat")
    assert tender["reference"].startswith("R") and not done.pending_confirmation

    app.till.mobile = SimulatedMobilePay(reachable=lambda: False)
    pending = refund(app, manager, sold.receipt_no, [(1, 2)])
    [tender] = pending.tenders
    assert (tender["status"], tender["reference"], tender["amount_fen"]) == ("pending", charge,
                                                                             600)
    assert pending.pending_confirmation
    payload = events(app, "refund.completed")[-1]
    assert payload["tenders"][0]["status"] == "pending"
    with app.uow_factory(readonly=True) as uow:
        slip = uow.print_jobs.get(pending.print_job_id).document
    assert slip["open_drawer"] is False  # no cash moved
    assert slip["payments"] == [{"label": "WeChat Pay (to be confirmed)", "amount": "6.00",
                                 "bold": False}]


def test_a_declined_mobile_refund_writes_nothing(app, manager):
    sold = sell(app, manager, [COLA], [TenderOffer(MOBILE, 300, WECHAT_CODE)])

    class Refusing(SimulatedMobilePay):
        def refund(self, reference, amount_fen, refund_id):
            raise MobilePayDeclined(reason="original payment too old")

    app.till.mobile = Refusing()
    before = written(app)
    with pytest.raises(refunds.MobileRefundDeclined) as error:
        refund(app, manager, sold.receipt_no)
    assert "original payment too old" in error.value.message()
    assert written(app) == before
    done = refund(app, manager, sold.receipt_no, to_cash=True)  # a manager may pay it in cash
    assert [(t["kind"], t["amount_fen"]) for t in done.tenders] == [("cash", 300)]


def test_paying_back_in_cash_instead_of_the_card_needs_approval(app, cashier):
    set_policy(app, role_limits={"cashier": {"max_refund_fen": 100_000}})
    sold = sell(app, cashier, [f"{COLA}*2"], [TenderOffer(CARD, 600, reference="889977")])
    before = written(app)
    with pytest.raises(ApprovalNeeded) as error:
        refund(app, cashier, sold.receipt_no, to_cash=True)
    assert error.value.permission is Permission.REFUND_TO_CASH
    assert written(app) == before

    done = refund(app, cashier, sold.receipt_no, [(1, 1)], to_cash=True, approver=MGR)
    assert [(t["kind"], t["amount_fen"]) for t in done.tenders] == [("cash", 300)]
    assert done.approved_by == MANAGER[0]
    assert [(e["action"], e["approved_by"]) for e in events(app, "audit.override")] == [
        ("refund_to_cash", MANAGER[0])]
    # The card gets what the cash refund did not: the customer is paid back exactly once.
    rest = refund(app, cashier, sold.receipt_no, card_reference="RF9")
    assert [(t["kind"], t["amount_fen"]) for t in rest.tenders] == [("card", 300)]
    assert rest.approved_by is None
    # An all-cash sale refunded "in cash" needs no such approval.
    cash_sale = sell(app, cashier, [WATER])
    assert refund(app, cashier, cash_sale.receipt_no, to_cash=True).approved_by is None


def test_a_card_reference_must_look_like_one(app, manager):
    sold = sell(app, manager, [COLA], [TenderOffer(CARD, 300, reference="889977")])
    before = written(app)
    with pytest.raises(MissingCardReference):
        refund(app, manager, sold.receipt_no, card_reference="not a ref!")
    assert written(app) == before


# -- approvals -----------------------------------------------------------------------------


def test_a_cashier_needs_a_managers_pin_for_any_refund(app, cashier):
    sold = sell(app, cashier, [COLA])
    feed(app, {"entity": "staff", "key": "s-1002", "data": {
        "id": "s-1002", "staff_no": "1002", "name": "李娜", "role": "cashier",
        "pin_hash": pin_hash("2222")}})
    before = written(app)
    for approver, error in ((None, ApprovalNeeded), (Credentials(MANAGER[0], "0000"), LoginFailed),
                            (Credentials(*CASHIER), ApproverIsRequester),
                            (Credentials("1002", "2222"), ApproverNotAllowed)):
        with pytest.raises(error):
            refund(app, cashier, sold.receipt_no, approver=approver)
        assert written(app) == before
    set_policy(app, role_limits={"cashier": {"max_refund_fen": 300}})
    assert refund(app, cashier, sold.receipt_no).approved_by is None  # within the limit
    assert events(app, "audit.override") == []


# -- without receipt -----------------------------------------------------------------------


def test_returns_without_receipt_follow_the_store_policy(app, cashier, manager):
    set_policy(app, returns_without_receipt="never")
    before = written(app)
    with pytest.raises(refunds.ReturnsWithoutReceiptRefused):
        no_receipt(app, manager, [COLA])
    assert written(app) == before

    set_policy(app, returns_without_receipt="manager")
    with pytest.raises(ApprovalNeeded) as error:
        no_receipt(app, cashier, [COLA])
    assert error.value.permission is Permission.REFUND_NO_RECEIPT
    assert written(app) == before

    feed(app, {"entity": "product", "key": "p-1", "data": {  # the price today, not then
        "id": "p-1", "sku": "SKU0001", "name": "可口可乐 330ml", "category_id": "c-1",
        "price_fen": 350, "barcodes": [COLA], "unit": "件", "active": True}})
    done = no_receipt(app, cashier, [f"{COLA}*2", NOODLE], approver=MGR, reason="no slip")
    assert done.total_fen == 700 + 450 and done.original_receipt_no is None
    assert [(t["kind"], t["amount_fen"]) for t in done.tenders] == [("cash", 1150)]
    payload = RefundCompletedPayload.model_validate(
        {k: v for k, v in events(app, "refund.completed")[-1].items() if k != "type"})
    assert payload.original_sale_id is None and payload.original_receipt_no is None
    assert [(x.original_line_no, x.sku, x.qty, x.amount_fen) for x in payload.lines] == [
        (None, "SKU0001", 2, 700), (None, "SKU0003", 1, 450)]
    assert [e["action"] for e in events(app, "audit.override")] == ["refund_no_receipt",
                                                                    "refund"]
    assert rows(app, "SELECT original_sale_id, original_line_no FROM refund_line") == [
        (None, None), (None, None)]
    assert no_receipt(app, manager, [WATER]).approved_by is None  # a manager may alone


def test_bad_items_without_receipt_write_nothing(app, manager):
    before = written(app)
    for items, error in (([], refunds.NoRefundItems), (["4006381333931"], Exception),
                         ([f"{COLA}*0"], InvalidQuantity)):
        with pytest.raises(error):
            no_receipt(app, manager, items)
    assert written(app) == before


# -- the return period ---------------------------------------------------------------------


def test_a_sale_older_than_the_return_period_is_refused(app, manager):
    now = datetime.now(UTC)
    app.till.clock = FixedClock(now - timedelta(days=31))
    old = sell(app, manager, [COLA])
    app.till.clock = FixedClock(now - timedelta(days=30))
    recent = sell(app, manager, [WATER])
    app.till.clock = FixedClock(now)
    before = written(app)
    with pytest.raises(refunds.ReturnPeriodOver) as error:
        refund(app, manager, old.receipt_no)
    assert "within 30 days" in error.value.message() and old.business_date in \
        error.value.message()
    assert written(app) == before
    assert refund(app, manager, recent.receipt_no).total_fen == 200

    set_policy(app, return_days=0)  # same business day only
    today = sell(app, manager, [NOODLE])
    assert refund(app, manager, today.receipt_no).total_fen == 450
    with pytest.raises(refunds.ReturnPeriodOver):
        refund(app, manager, recent.receipt_no)


# -- finding the sale ----------------------------------------------------------------------


@pytest.mark.parametrize(("receipt_no", "picks", "error"), [
    ("hello", None, refunds.NotAReceiptNo),
    ("S001-T01-20200101-0001", None, refunds.SaleNotReachable),  # not here, no HQ to ask
    (None, [(9, 1)], NoSuchLine),
    (None, [(1, 0)], InvalidQuantity),
    (None, [(1, 4)], refunds.ReturnQuantityTooLarge),
    (None, [], refunds.NoRefundItems),
])
def test_bad_returns_write_nothing(app, manager, receipt_no, picks, error):
    sold = sell(app, manager, [f"{COLA}*3"])
    before = written(app)
    with pytest.raises(error):
        refund(app, manager, receipt_no or sold.receipt_no, picks)
    assert written(app) == before


def test_a_receipt_not_on_this_till_offline_says_so_and_suggests_no_receipt(app):
    class Offline:
        def by_receipt(self, receipt_no):
            raise refunds.LookupUnavailable("HQ at 127.0.0.1:9 refused the connection")

    with pytest.raises(refunds.SaleNotReachable) as error:
        find(app, " s001-t02-20261123-0005 ", Offline())
    message = error.value.message()
    assert "S001-T02-20261123-0005 is not from this till" in message
    assert "refused the connection" in message and "without a receipt" in message

    class Nowhere:
        def by_receipt(self, receipt_no):
            return None

    with pytest.raises(refunds.SaleNotFound):
        find(app, "S001-T02-20261123-0005", Nowhere())


def test_sales_are_listed_by_business_day_and_receipt_fragment(app, manager):
    first = sell(app, manager, [COLA])
    second = sell(app, manager, [WATER])
    refund(app, manager, first.receipt_no)
    listed = refunds.sales_for_return(app.uow_factory, business_date=first.business_date)
    assert [(s.receipt_no, s.refunded_fen) for s in listed] == [(second.receipt_no, 0),
                                                                (first.receipt_no, 300)]
    found = refunds.sales_for_return(app.uow_factory, receipt_fragment=second.receipt_no[-6:]
                                     .lower())
    assert [s.receipt_no for s in found] == [second.receipt_no]
    assert refunds.sales_for_return(app.uow_factory, receipt_fragment="%") == []
    assert refunds.sales_for_return(app.uow_factory, business_date="2000-01-01") == []


class FakeHq:
    """HQ's answer for a sale rung at till T02 of the store (services.refunds.SaleLookup)."""

    def __init__(self, payload: dict, refunded: dict[int, int]) -> None:
        self.payload = payload
        self.refunded = refunded
        self.asked: list[str] = []

    def by_receipt(self, receipt_no):
        self.asked.append(receipt_no)
        if receipt_no != self.payload["receipt_no"]:
            return None
        return refunds.RemoteSale(terminal_id="t-02", business_date=self.payload["business"],
                                  occurred_at="2026-11-23T02:00:00+00:00",
                                  sale={k: v for k, v in self.payload.items() if k != "business"},
                                  refunded_qty=dict(self.refunded))


def remote_payload(app, manager) -> dict:
    """A sale.completed payload as another till would have sent it (rung here, then moved)."""
    sold = sell(app, manager, [f"{COLA}*3", WATER], [TenderOffer(CARD, 500, reference="C1"),
                                                    TenderOffer(CASH, 600)])
    payload = events(app, "sale.completed")[-1]
    payload.pop("type")
    with app.uow_factory() as uow:  # it is not on this till
        for table in ("sale_tender", "sale_line", "sale"):
            column = "id" if table == "sale" else "sale_id"
            uow.session.execute(text(f"DELETE FROM {table} WHERE {column} = :id"),
                                {"id": sold.sale_id})
        uow.commit()
    other = sold.receipt_no.replace("-T01-", "-T02-")
    return {**payload, "receipt_no": other, "business": sold.business_date}


def test_a_sale_from_another_till_counts_what_hq_and_this_till_returned_once(app, manager):
    hq = FakeHq(remote_payload(app, manager), refunded={1: 1})  # T03 returned one cola
    receipt = hq.payload["receipt_no"]
    original = find(app, receipt, hq)
    assert original.source == "hq" and [x.left for x in original.lines] == [2, 1]
    done = refund(app, manager, receipt, [(1, 1)], lookup=hq, card_reference="RF1")
    assert done.original_receipt_no == receipt and done.total_fen == 300
    # Cumulative 600 of 1100 (card 500, cash 600) → 273 / 327, less the other till's 300
    # taken as prorated (136 / 164).
    assert [(t["kind"], t["amount_fen"]) for t in done.tenders] == [("card", 137),
                                                                    ("cash", 163)]
    # Not pushed yet: HQ still says 1; this till adds its own.
    assert [x.left for x in find(app, receipt, hq).lines] == [1, 1]
    # Pushed and acknowledged: HQ now counts it; it is not counted twice.
    seq = rows(app, "SELECT max(seq) FROM outbox")[0][0]
    with app.uow_factory() as uow:
        uow.settings.put(ACKED_THROUGH, seq)
        uow.commit()
    hq.refunded = {1: 2}
    assert [x.left for x in find(app, receipt, hq).lines] == [1, 1]
    before = written(app)
    with pytest.raises(refunds.ReturnQuantityTooLarge):
        refund(app, manager, receipt, [(1, 2)], lookup=hq)
    assert written(app) == before
    last = refund(app, manager, receipt, lookup=hq, card_reference="RF2")
    assert last.total_fen == 300 + 200
    assert find(app, receipt, hq).left_qty == 0
    assert hq.asked == [receipt] * 7


def test_a_sale_from_hq_whose_lookup_is_stale_is_checked_against_local_refunds(app, manager):
    hq = FakeHq(remote_payload(app, manager), refunded={})
    receipt = hq.payload["receipt_no"]
    stale = find(app, receipt, hq)
    refund(app, manager, receipt, original=stale, card_reference="RF1")
    before = written(app)
    with pytest.raises(refunds.NothingLeftToReturn):
        refund(app, manager, receipt, original=replace(stale), card_reference="RF2")
    assert written(app) == before
