"""Shifts and end of day on a real till file: open with a float, paid-in / paid-out with
approval, X reading, blind close, Z report; every refusal writes nothing, and the Z totals equal
what the day's outbox events add up to."""

from __future__ import annotations

import dataclasses
import json
import sqlite3
from collections import Counter
from datetime import UTC, datetime
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest

from pos_app.adapters.sync_ports import SqliteChangeSink
from pos_app.domain.barcode import gtin_check_digit
from pos_app.domain.business_day import open_business_date
from pos_app.domain.errors import AmountTooLarge, InvalidAmount
from pos_app.domain.ids import new_id
from pos_app.domain.roles import ApprovalNeeded, ApproverIsRequester, ApproverNotAllowed
from pos_app.domain.shift import InvalidCashReason, ZeroCashMovement, z_totals
from pos_app.domain.tender import TenderKind, TenderOffer
from pos_app.services import approvals, day_close, refunds, shifts
from pos_app.services.approvals import LAST_CLOSED_KEY, POLICY_KEY, Credentials
from pos_app.services.checkout import CURRENT_SHIFT_KEY
from pos_app.services.events import REFUND_COMPLETED
from pos_app.services.refund_repository import RefundRecord
from sync.protocol import (
    AuditOverridePayload,
    Change,
    DayClosedPayload,
    RefundCompletedPayload,
    SaleCompletedV2Payload,
    SaleVoidedPayload,
    ShiftCashMovedPayload,
    ShiftClosedPayload,
    ShiftOpenedPayload,
)
from tests.till_fixtures import CASHIER, MANAGER, PRODUCTS, pin_hash

TZ = ZoneInfo("Asia/Shanghai")
COLA, WATER, NOODLES, SNOW, MILK = (p[0] for p in PRODUCTS)
CASHIER2 = ("1002", "2222")
WECHAT_CODE = "134567890123456789"
CHIPS = "690000000001" + str(gtin_check_digit("690000000001"))
BAG = "690000000002" + str(gtin_check_digit("690000000002"))
DAY = "2026-11-23"


class StepClock:
    """The till's clock, set to store-local times so a day spreads over its hours."""

    def __init__(self, local: str) -> None:
        self.current = self._utc(local)

    @staticmethod
    def _utc(local: str) -> datetime:
        return datetime.fromisoformat(local).replace(tzinfo=TZ).astimezone(UTC)

    def set(self, local: str) -> None:
        self.current = self._utc(local)

    def now(self) -> datetime:
        return self.current


@pytest.fixture
def clock() -> StepClock:
    return StepClock(f"{DAY} 09:00")


@pytest.fixture
def till(till_app, clock):
    """The real till's services with a clock the test moves; a second cashier, a snack
    category and a product without a category."""
    SqliteChangeSink(till_app.uow_factory).apply([
        Change(cursor=100, entity="staff", key="s-1002", op="upsert", data={
            "id": "s-1002", "staff_no": CASHIER2[0], "name": "李娜", "role": "cashier",
            "pin_hash": pin_hash(CASHIER2[1]), "active": True}),
        Change(cursor=101, entity="category", key="c-2", op="upsert",
               data={"id": "c-2", "code": "02", "name": "零食"}),
        Change(cursor=102, entity="product", key="p-6", op="upsert", data={
            "id": "p-6", "sku": "SKU0006", "name": "乐事薯片 70g", "category_id": "c-2",
            "price_fen": 650, "barcodes": [CHIPS]}),
        Change(cursor=103, entity="product", key="p-7", op="upsert", data={
            "id": "p-7", "sku": "SKU0007", "name": "购物袋", "category_id": None,
            "price_fen": 20, "barcodes": [BAG]}),
    ], 103)
    return dataclasses.replace(till_app.till, clock=clock)


# -- helpers -----------------------------------------------------------------------------------

def db(till, sql: str, *params) -> list[tuple]:
    path = Path(str(till.uow_factory.engine.url.database))
    conn = sqlite3.connect(path)
    try:
        return conn.execute(sql, params).fetchall()
    finally:
        conn.close()


def setting(till, key: str):
    rows = db(till, "SELECT value FROM setting WHERE key = ?", key)
    return json.loads(rows[0][0]) if rows else None


def snapshot(till) -> dict:
    """Everything a shift / day command could write."""
    counts = {t: db(till, f"SELECT count(*) FROM {t}")[0][0]
              for t in ("outbox", "shift", "cash_movement", "day_close", "print_job", "sale",
                        "refund", "void")}
    closed = db(till, "SELECT count(*) FROM shift WHERE closed_at IS NOT NULL")[0][0]
    return {**counts, "closed_shifts": closed, CURRENT_SHIFT_KEY: setting(till, CURRENT_SHIFT_KEY),
            LAST_CLOSED_KEY: setting(till, LAST_CLOSED_KEY)}


def events(till, business_date: str | None = None) -> list[dict]:
    rows = db(till, "SELECT seq, type, business_date, occurred_at, payload FROM outbox "
                    "ORDER BY seq")
    out = [{"seq": s, "type": t, "business_date": d, "occurred_at": o, "payload": json.loads(p)}
           for s, t, d, o, p in rows]
    return [e for e in out if business_date is None or e["business_date"] == business_date]


def login(till, who=CASHIER):
    return till.login(*who)


def open_shift(till, who=CASHIER, float_fen=50_000):
    return shifts.open_shift(till.uow_factory, till.clock, login(till, who), float_fen)


def move(till, kind, amount, reason="快递费", who=CASHIER, approver=None):
    return shifts.move_cash(till.uow_factory, till.clock, till.translate, till.hasher,
                            login(till, who), kind, amount, reason,
                            None if approver is None else Credentials(*approver))


def close_shift(till, counted, who=CASHIER):
    return shifts.close_shift(till.uow_factory, till.clock, till.translate, login(till, who),
                              counted)


def close_day(till, who=MANAGER, approver=None, date=None):
    return day_close.close_day(till.uow_factory, till.clock, till.translate, till.hasher,
                               login(till, who),
                               None if approver is None else Credentials(*approver), date)


def x_report(till):
    return shifts.x_report(till.uow_factory, till.clock, till.translate)


def ring(till, *codes, pay=None, who=CASHIER, discount=0):
    staff = login(till, who)
    sale = till.new_sale()
    for code in codes:
        till.scan(sale, code)
    if discount:
        till.discount_sale(staff, sale, discount)
    return till.complete_sale(staff, sale, pay or [TenderOffer(TenderKind.CASH,
                                                               sale.total_fen)])


def refund(till, receipt_no: str, line_no: int, kind: str, who=MANAGER, amount=None):
    """A one-unit return of a sale line, written as the refund service would: the refund rows
    through the repository and its refund.completed event, in one transaction."""
    staff = login(till, who)
    now = till.clock.now()
    with till.uow_factory() as uow:
        identity = uow.settings.identity()
        sale = uow.sales.by_receipt_no(receipt_no)
        line = next(x for x in sale.lines if x["line_no"] == line_no)
        fen = amount if amount is not None else line["final_fen"] // line["qty"]
        day = open_business_date(now, identity.timezone, approvals.last_closed(uow)).isoformat()
        refund_id = new_id()
        record = RefundRecord(
            id=refund_id, refund_no=f"R-{refund_id[-12:]}", business_date=day,
            created_at=now.isoformat(), staff_id=staff.id, staff_no=staff.staff_no,
            total_fen=fen, original_sale_id=sale.id, original_receipt_no=receipt_no,
            shift_id=uow.settings.get(CURRENT_SHIFT_KEY), approved_by=None, reason="质量问题",
            lines=[{"line_no": 1, "original_sale_id": sale.id, "original_line_no": line_no,
                    "product_id": line["product_id"], "sku": line["sku"], "name": line["name"],
                    "category_id": line["category_id"], "qty": 1, "amount_fen": fen}],
            tenders=[{"kind": kind, "amount_fen": fen, "reference": None, "provider": None,
                      "status": "confirmed"}])
        uow.refunds.add(record)
        payload = RefundCompletedPayload(
            refund_id=refund_id, refund_no=record.refund_no, original_sale_id=sale.id,
            original_receipt_no=receipt_no, staff_id=staff.id, staff_no=staff.staff_no,
            reason=record.reason, shift_id=record.shift_id,
            lines=[{"original_line_no": line_no, "product_id": line["product_id"],
                    "sku": line["sku"], "name": line["name"], "qty": 1, "amount_fen": fen}],
            total_fen=fen, tenders=[{"kind": kind, "amount_fen": fen, "tendered_fen": fen}])
        uow.outbox.append(type=REFUND_COMPLETED, v=1, payload=payload.model_dump(),
                          occurred_at=now.isoformat(), business_date=day,
                          store_id=identity.store_id, terminal_id=identity.terminal_id,
                          actor_id=staff.id)
        uow.commit()
    return fen


def printed(till_app, job_id: str) -> str:
    return (till_app.data_dir / "receipts" / f"{job_id}.txt").read_text(encoding="utf-8")


# -- opening -----------------------------------------------------------------------------------

def test_open_shift_names_the_current_shift_and_sales_record_it(till):
    opened = open_shift(till)
    assert setting(till, CURRENT_SHIFT_KEY) == opened.shift_id
    assert db(till, "SELECT id, opened_by, business_date, float_fen, closed_at FROM shift") == [
        (opened.shift_id, "1001", DAY, 50_000, None)]
    (event,) = events(till)
    assert (event["seq"], event["type"], event["business_date"]) == (opened.seq, "shift.opened",
                                                                     DAY)
    assert ShiftOpenedPayload(**event["payload"]).model_dump() == {
        "shift_id": opened.shift_id, "staff_id": "s-1001", "staff_no": "1001",
        "float_fen": 50_000}
    done = ring(till, COLA)
    assert db(till, "SELECT shift_id FROM sale WHERE id = ?", done.sale_id) == [
        (opened.shift_id,)]
    assert events(till)[-1]["payload"]["shift_id"] == opened.shift_id


def test_a_second_open_is_refused_and_writes_nothing(till):
    open_shift(till)
    before = snapshot(till)
    with pytest.raises(shifts.ShiftAlreadyOpen) as info:
        open_shift(till, MANAGER, 10_000)
    message = info.value.message()
    assert "already open" in message and "1001" in message and f"{DAY} 09:00:00" in message
    assert snapshot(till) == before


@pytest.mark.parametrize(("float_fen", "error"), [(-1, InvalidAmount),
                                                  (100_000_000, AmountTooLarge)])
def test_a_bad_float_is_refused_and_writes_nothing(till, float_fen, error):
    before = snapshot(till)
    with pytest.raises(error):
        open_shift(till, float_fen=float_fen)
    assert snapshot(till) == before


# -- paid-in / paid-out ------------------------------------------------------------------------

def test_a_cashiers_paid_out_needs_a_manager_and_is_one_transaction_with_the_approval(
        till, till_app):
    open_shift(till)
    before = snapshot(till)
    with pytest.raises(ApprovalNeeded):
        move(till, "paid_out", 2_000)
    with pytest.raises(ApproverNotAllowed) as info:
        move(till, "paid_out", 2_000, approver=CASHIER2)
    assert "1002" in info.value.message()
    with pytest.raises(ApproverIsRequester):
        move(till, "paid_out", 2_000, approver=CASHIER)
    assert snapshot(till) == before

    till.clock.set(f"{DAY} 15:00")
    moved = move(till, "paid_out", 2_000, approver=MANAGER)
    audit, fact = events(till)[-2:]
    assert (audit["type"], fact["type"]) == ("audit.override", "shift.cash_moved")
    assert fact["seq"] == audit["seq"] + 1 == moved.seq
    assert AuditOverridePayload(**audit["payload"]).model_dump() == {
        "action": "cash_move", "requested_by": "1001", "approved_by": "9001",
        "approver_id": "s-9001", "amount_fen": 2_000, "detail": "paid_out: 快递费",
        "receipt_no": None}
    assert ShiftCashMovedPayload(**fact["payload"]).model_dump() == {
        "shift_id": moved.shift_id, "movement_id": moved.movement_id, "kind": "paid_out",
        "amount_fen": 2_000, "reason": "快递费", "staff_no": "1001", "approved_by": "9001"}
    assert db(till, "SELECT kind, amount_fen, reason, staff_no, approved_by, business_date "
                    "FROM cash_movement") == [("paid_out", 2_000, "快递费", "1001", "9001", DAY)]
    (document,) = db(till, "SELECT document FROM print_job WHERE id = ?", moved.print_job_id)[0]
    assert json.loads(document)["open_drawer"] is True
    till.print_job(moved.print_job_id)
    slip = printed(till_app, moved.print_job_id)
    assert "快递费" in slip and "20.00" in slip and "9001" in slip
    assert (till_app.data_dir / "receipts" / "drawer.log").exists()


def test_a_manager_pays_in_alone_without_an_override(till):
    open_shift(till)
    moved = move(till, "paid_in", 1_000, reason="补零钱", who=MANAGER)
    assert moved.approved_by is None
    assert [e["type"] for e in events(till)] == ["shift.opened", "shift.cash_moved"]
    assert events(till)[-1]["payload"]["kind"] == "paid_in"


@pytest.mark.parametrize(("opened", "amount", "reason", "error"), [
    (False, 1_000, "快递费", shifts.NoOpenShift),
    (True, 0, "快递费", ZeroCashMovement),
    (True, -5, "快递费", InvalidAmount),
    (True, 100_000_000, "快递费", AmountTooLarge),
    (True, 1_000, "   ", InvalidCashReason),
    (True, 1_000, "x" * 201, InvalidCashReason),
])
def test_bad_cash_movements_are_refused_and_write_nothing(till, opened, amount, reason, error):
    if opened:
        open_shift(till)
    before = snapshot(till)
    with pytest.raises(error):
        move(till, "paid_out", amount, reason=reason, who=MANAGER)
    assert snapshot(till) == before


# -- X reading ---------------------------------------------------------------------------------

def test_x_report_reads_the_shift_and_day_so_far_and_writes_nothing(till):
    assert x_report(till).shift is None
    open_shift(till, float_fen=30_000)
    ring(till, COLA, NOODLES, pay=[TenderOffer(TenderKind.CASH, 1_000)])  # 750, change 250
    ring(till, MILK, pay=[TenderOffer(TenderKind.CARD, 350, reference="RRN001")])
    move(till, "paid_out", 500, who=MANAGER)
    before = snapshot(till)
    report = x_report(till)
    assert snapshot(till) == before
    assert report.business_date == DAY
    reading = report.shift.to_dict()
    assert reading["by_tender"] == {"card": 350, "cash": 750}
    assert reading["expected_by_tender"] == {"card": 350, "cash": 30_000 + 750 - 500}
    assert (reading["sales_count"], reading["paid_out_fen"]) == (2, 500)
    assert (report.day["sales_count"], report.day["sales_fen"]) == (2, 1_100)
    assert report.day["by_tender"] == {"card": 350, "cash": 750}
    x_title = till.translate("receipt", "X report (day not closed)")  # the till's language
    assert report.document["header"][1]["text"] == x_title


# -- closing the shift -------------------------------------------------------------------------

def test_blind_close_computes_expected_by_tender_and_the_variance(till, till_app):
    opened = open_shift(till, float_fen=50_000)
    cash_sale = ring(till, COLA, COLA, NOODLES, pay=[TenderOffer(TenderKind.CASH, 2_000)])
    assert (cash_sale.total_fen, cash_sale.change_fen) == (1_050, 950)
    ring(till, MILK, SNOW, pay=[TenderOffer(TenderKind.CARD, 1_030, reference="RRN002")])
    move(till, "paid_out", 2_000, who=MANAGER)
    refund(till, cash_sale.receipt_no, 1, "cash", amount=300)
    till.clock.set(f"{DAY} 18:00")

    closed = close_shift(till, 48_700)
    expected_cash = 50_000 + 1_050 - 300 - 2_000
    assert closed.expected_by_tender == {"card": 1_030, "cash": expected_cash}
    assert closed.cash_variance_fen == 48_700 - expected_cash == -50
    event = events(till)[-1]
    assert event["type"] == "shift.closed" and event["seq"] == closed.seq
    assert ShiftClosedPayload(**event["payload"]).model_dump() == {
        "shift_id": opened.shift_id, "staff_no": "1001",
        "opened_at": StepClock(f"{DAY} 09:00").now().isoformat(), "float_fen": 50_000,
        "expected_by_tender": {"card": 1_030, "cash": expected_cash},
        "counted_cash_fen": 48_700, "cash_variance_fen": -50, "sales_count": 2,
        "refunds_count": 1}
    ((closed_at, closed_by, counted, summary),) = db(
        till, "SELECT closed_at, closed_by, counted_cash_fen, summary FROM shift")
    assert (closed_at, closed_by, counted) == (till.clock.now().isoformat(), "1001", 48_700)
    assert json.loads(summary) == event["payload"]
    assert setting(till, CURRENT_SHIFT_KEY) is None

    till.print_job(closed.print_job_id)
    report = printed(till_app, closed.print_job_id)
    for expected in (till.translate("receipt", "Shift report"), "487.50", "487.00", "-0.50",
                     "10.30"):
        assert expected in report, expected

    after = ring(till, WATER)  # a sale with no shift open belongs to none
    assert db(till, "SELECT shift_id FROM sale WHERE id = ?", after.sale_id) == [(None,)]
    assert x_report(till).shift is None


def test_closing_with_no_open_shift_is_refused_and_writes_nothing(till):
    before = snapshot(till)
    with pytest.raises(shifts.NoOpenShift) as info:
        close_shift(till, 0)
    assert "No shift is open" in info.value.message()
    assert snapshot(till) == before
    open_shift(till)
    close_shift(till, 50_000)
    before = snapshot(till)
    with pytest.raises(shifts.NoOpenShift):
        close_shift(till, 50_000)
    assert snapshot(till) == before


def test_a_bad_count_is_refused_and_the_shift_stays_open(till):
    open_shift(till)
    before = snapshot(till)
    with pytest.raises(InvalidAmount):
        close_shift(till, -100)
    assert snapshot(till) == before


# -- closing the day ---------------------------------------------------------------------------

def test_z_is_refused_while_a_shift_is_open_and_writes_nothing(till):
    open_shift(till)
    ring(till, COLA)
    before = snapshot(till)
    with pytest.raises(day_close.ShiftStillOpen) as info:
        close_day(till)
    assert "Close the shift first" in info.value.message()
    assert snapshot(till) == before


def test_a_cashier_needs_an_approver_who_may_close_the_day(till):
    ring(till, COLA)
    before = snapshot(till)
    with pytest.raises(ApprovalNeeded):
        close_day(till, who=CASHIER)
    with pytest.raises(ApproverNotAllowed):
        close_day(till, who=CASHIER, approver=CASHIER2)
    assert snapshot(till) == before
    closed = close_day(till, who=CASHIER, approver=MANAGER)
    audit, fact = events(till)[-2:]
    assert audit["type"] == "audit.override" and fact["seq"] == audit["seq"] + 1 == closed.seq
    assert (audit["payload"]["action"], audit["payload"]["requested_by"],
            audit["payload"]["approved_by"]) == ("close_day", "1001", "9001")
    assert fact["payload"]["closed_by"] == "1001" and closed.approved_by == "9001"


def test_z_closes_the_day_once_and_later_sales_go_to_the_next_day(till, till_app):
    ring(till, COLA, NOODLES)
    till.clock.set(f"{DAY} 22:00")
    closed = close_day(till)
    assert closed.business_date == DAY
    assert (closed.totals["sales_count"], closed.totals["sales_fen"]) == (1, 750)
    event = events(till)[-1]
    assert (event["type"], event["business_date"], event["seq"]) == ("day.closed", DAY,
                                                                     closed.seq)
    assert DayClosedPayload(**event["payload"]).model_dump() == {
        "business_date": DAY, "closed_by": "9001", "totals": closed.totals}
    assert setting(till, LAST_CLOSED_KEY) == DAY
    ((stored, closed_by),) = db(till, "SELECT totals, closed_by FROM day_close "
                                      "WHERE business_date = ?", DAY)
    assert json.loads(stored) == closed.totals and closed_by == "9001"
    till.print_job(closed.print_job_id)
    text = printed(till_app, closed.print_job_id)
    assert till.translate("receipt", "Z report (day close)") in text
    assert "7.50" in text and DAY in text

    before = snapshot(till)
    for date in (DAY, None):  # None: tonight's open business day is tomorrow, not begun yet
        with pytest.raises(day_close.DayAlreadyClosed) as info:
            close_day(till, date=date)
        assert DAY in info.value.message() and "9001" in info.value.message()
    with pytest.raises(day_close.DayNotStarted):
        close_day(till, date="2026-11-24")
    assert snapshot(till) == before

    later = ring(till, WATER)  # the same evening, after the Z
    assert later.business_date == "2026-11-24" and "-20261124-" in later.receipt_no
    assert day_close.day_totals(till.uow_factory, till.clock, DAY) == closed.totals
    with till.uow_factory(readonly=True) as uow:
        now = z_totals(uow.days.figures(DAY), "Asia/Shanghai")
    # the day's facts did not change; the one event it gained is its own day.closed
    assert now == {**closed.totals, "last_seq": closed.seq}
    assert x_report(till).day["sales_count"] == 1  # the new day has the one sale


def test_an_earlier_unclosed_day_can_be_closed_but_not_a_future_one(till):
    ring(till, COLA)
    till.clock.set("2026-11-24 10:00")  # nobody ran the Z last night
    ring(till, WATER, WATER)
    before = snapshot(till)
    with pytest.raises(day_close.DayNotStarted):
        close_day(till, date="2026-11-25")
    with pytest.raises(day_close.InvalidBusinessDate):
        close_day(till, date="24/11/2026")
    assert snapshot(till) == before

    today = close_day(till)
    assert (today.business_date, today.totals["sales_fen"]) == ("2026-11-24", 400)
    earlier = close_day(till, date=DAY)
    assert (earlier.business_date, earlier.totals["sales_fen"]) == (DAY, 300)
    assert setting(till, LAST_CLOSED_KEY) == "2026-11-24"  # never moves back
    assert ring(till, COLA).business_date == "2026-11-25"


# -- a whole day: the Z equals what the day's events add up to ---------------------------------

def z_from_events(day_events: list[dict]) -> dict:
    """Every Z figure, recomputed from the outbox payloads alone."""
    of = {t: [e for e in day_events if e["type"] == t] for t in
          ("sale.completed", "refund.completed", "sale.voided", "shift.cash_moved")}
    sales = [SaleCompletedV2Payload(**e["payload"]) for e in of["sale.completed"]]
    refunds = [RefundCompletedPayload(**e["payload"]) for e in of["refund.completed"]]
    voids = [SaleVoidedPayload(**e["payload"]) for e in of["sale.voided"]]
    moves = [ShiftCashMovedPayload(**e["payload"]) for e in of["shift.cash_moved"]]
    category_of = {x.product_id: x.category_id or "" for s in sales for x in s.lines}
    by_tender, by_category, by_cashier, by_hour = Counter(), Counter(), Counter(), Counter()
    for s in sales:
        for t in s.tenders:
            by_tender[t.kind] += t.amount_fen
        for x in s.lines:
            by_category[x.category_id or ""] += x.final_fen
        by_cashier[s.staff_no] += s.total_fen
    for e, s in zip(of["sale.completed"], sales, strict=True):
        by_hour[f"{datetime.fromisoformat(e['occurred_at']).astimezone(TZ).hour:02d}"] += (
            s.total_fen)
    for r in refunds:
        for t in r.tenders:
            by_tender[t.kind] -= t.amount_fen
        for x in r.lines:
            by_category[category_of[x.product_id]] -= x.amount_fen
        by_cashier[r.staff_no] -= r.total_fen
    sales_fen = sum(s.total_fen for s in sales)
    refunds_fen = sum(r.total_fen for r in refunds)
    seqs = [e["seq"] for e in day_events]
    return {
        "business_date": day_events[0]["business_date"],
        "sales_count": len(sales), "sales_fen": sales_fen,
        "original_fen": sum(s.original_fen for s in sales),
        "discount_fen": sum(s.discount_fen for s in sales),
        "rounding_fen": sum(s.rounding_fen for s in sales),
        "refunds_count": len(refunds), "refunds_fen": refunds_fen,
        "net_fen": sales_fen - refunds_fen,
        # a voided line on a paid sale, or a whole sale voided (these had no earlier voids)
        "voids_count": sum(len(s.voided_lines) for s in sales) + len(voids),
        "voids_fen": sum(x.amount_fen for s in sales for x in s.voided_lines)
                     + sum(v.total_fen for v in voids),
        "paid_in_fen": sum(m.amount_fen for m in moves if m.kind == "paid_in"),
        "paid_out_fen": sum(m.amount_fen for m in moves if m.kind == "paid_out"),
        "by_tender": dict(by_tender), "by_category": dict(by_category),
        "by_cashier": dict(by_cashier), "by_hour": dict(by_hour),
        "first_seq": min(seqs), "last_seq": max(seqs),
    }


def expected_shift_from_events(all_events: list[dict], shift_id: str) -> dict[str, int]:
    opened = next(e["payload"] for e in all_events if e["type"] == "shift.opened"
                  and e["payload"]["shift_id"] == shift_id)
    taken: Counter = Counter()
    for e in all_events:
        p = e["payload"]
        if p.get("shift_id") != shift_id:
            continue
        if e["type"] == "sale.completed":
            for t in p["tenders"]:
                taken[t["kind"]] += t["amount_fen"]
        elif e["type"] == "refund.completed":
            for t in p["tenders"]:
                taken[t["kind"]] -= t["amount_fen"]
        elif e["type"] == "shift.cash_moved":
            taken["cash"] += p["amount_fen"] if p["kind"] == "paid_in" else -p["amount_fen"]
    taken["cash"] += opened["float_fen"]
    return dict(taken)


def test_z_totals_equal_the_sum_of_a_mixed_days_events(till, till_app):
    with till.uow_factory() as uow:
        uow.settings.put(POLICY_KEY, {"cash_rounding": "jiao"})  # 抹零 on all-cash sales
        uow.commit()
    clock = till.clock
    shift = open_shift(till)
    clock.set(f"{DAY} 09:05")  # cash, a sale discount and store rounding: 1050 - 33 - 7
    a = ring(till, COLA, COLA, NOODLES, discount=33, pay=[TenderOffer(TenderKind.CASH, 2_000)])
    assert (a.total_fen, a.rounding_fen, a.change_fen) == (1_010, 7, 990)
    clock.set(f"{DAY} 10:10")
    b = ring(till, MILK, SNOW, pay=[TenderOffer(TenderKind.CARD, 1_030, reference="RRN002")])
    clock.set(f"{DAY} 11:20")
    ring(till, COLA, COLA, COLA, pay=[TenderOffer(TenderKind.MOBILE, 900,
                                                  reference=WECHAT_CODE)])
    clock.set(f"{DAY} 12:30")  # split: card 5.00 + cash 10.00 for 9.00, change 6.00
    d = ring(till, NOODLES, NOODLES, pay=[TenderOffer(TenderKind.CARD, 500, reference="RRN003"),
                                          TenderOffer(TenderKind.CASH, 1_000)])
    clock.set(f"{DAY} 13:40")  # a line voided before payment
    cashier = login(till)
    sale = till.new_sale()
    till.scan(sale, COLA)
    till.scan(sale, WATER)
    till.void_line(cashier, sale, 1)
    till.complete_sale(cashier, sale, [TenderOffer(TenderKind.CASH, 200)])
    clock.set(f"{DAY} 14:00")  # a whole sale voided, with a manager's approval
    sale = till.new_sale()
    till.scan(sale, SNOW)
    till.scan(sale, CHIPS)
    till.void_sale(cashier, sale, Credentials(*MANAGER))
    clock.set(f"{DAY} 15:00")
    move(till, "paid_out", 2_000, approver=MANAGER)
    clock.set(f"{DAY} 15:30")
    move(till, "paid_in", 1_000, reason="补零钱", who=MANAGER)
    # returns through the refund service: cash back, card back, and a split sale's line paid
    # back in its card and cash shares
    for at, done, reference in (("16:00", a, None), ("16:30", b, "RRN902"),
                                ("16:45", d, "RRN903")):
        clock.set(f"{DAY} {at}")
        original = refunds.find_sale(till.uow_factory, None, done.receipt_no)
        refunds.refund_sale(till.uow_factory, clock, till.translate, till.hasher, till.mobile,
                            login(till, MANAGER), original, [(1, 1)], card_reference=reference,
                            reason="质量问题")
    clock.set(f"{DAY} 17:00")  # the manager sells snacks and a bag (no category)
    ring(till, CHIPS, BAG, who=MANAGER, pay=[TenderOffer(TenderKind.CASH, 1_000)])
    clock.set(f"{DAY} 21:30")
    ring(till, BAG, BAG, BAG, who=CASHIER2, pay=[TenderOffer(TenderKind.CASH, 100)])

    clock.set(f"{DAY} 22:00")
    expected = expected_shift_from_events(events(till), shift.shift_id)
    with pytest.raises(day_close.ShiftStillOpen):
        close_day(till)
    closed_shift = close_shift(till, expected["cash"] - 20)
    assert closed_shift.expected_by_tender == expected
    assert closed_shift.cash_variance_fen == -20

    day_events = events(till, DAY)
    assert {e["type"] for e in day_events} >= {
        "sale.completed", "sale.voided", "refund.completed", "shift.cash_moved",
        "audit.override", "shift.opened", "shift.closed"}
    paid_back = [(t["kind"], t["amount_fen"]) for e in day_events
                 if e["type"] == "refund.completed" for t in e["payload"]["tenders"]]
    assert sorted(k for k, _ in paid_back) == ["card", "card", "cash", "cash"]
    clock.set(f"{DAY} 22:10")
    z = close_day(till)
    recomputed = z_from_events(day_events)
    assert z.totals == recomputed
    # the figures are not trivially zero: each part of the day shows up
    assert (z.totals["voids_count"], z.totals["voids_fen"]) == (2, 300 + 680 + 650)
    assert z.totals["rounding_fen"] == 7
    assert z.totals["discount_fen"] == 33 and z.totals["refunds_count"] == 3
    assert set(z.totals["by_tender"]) == {"cash", "card", "mobile"}
    assert set(z.totals["by_category"]) == {"c-1", "c-2", ""}
    assert set(z.totals["by_cashier"]) == {"1001", "1002", "9001"}
    assert set(z.totals["by_hour"]) == {"09", "10", "11", "12", "13", "17", "21"}
    assert DayClosedPayload(**events(till)[-1]["payload"]).totals.model_dump() == recomputed

    clock.set(f"{DAY} 22:20")  # after the Z: the next business day
    assert ring(till, WATER).business_date == "2026-11-24"
    with till.uow_factory(readonly=True) as uow:
        after = z_totals(uow.days.figures(DAY), "Asia/Shanghai")
    assert after == {**recomputed, "last_seq": z.seq}  # + the day.closed event, nothing else
    assert [e["type"] for e in events(till, DAY)[len(day_events):]] == ["day.closed"]
