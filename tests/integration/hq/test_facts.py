"""The facts a till pushes (DESIGN §6): sale.completed v1 and v2 with their lines, refunds,
voids, shifts, day close and overrides are applied; an invalid one is quarantined and the
stream goes on."""

from __future__ import annotations

from datetime import datetime, timedelta

from sqlalchemy import func, select

from hq_server.models import DayClose, Event, Quarantine, Refund, Sale
from pos_app.domain.ids import new_id
from sync.protocol import (
    AUDIT_OVERRIDE,
    DAY_CLOSED,
    REFUND_COMPLETED,
    SALE_COMPLETED,
    SALE_VOIDED,
    SHIFT_CASH_MOVED,
    SHIFT_CLOSED,
    SHIFT_OPENED,
)
from tests.integration.hq.helpers import CST, day_closed_payload, sale_v2_payload

PUSH = "/api/v1/sync/push"
DAY = "2024-05-01"


def push(client, till, events) -> dict:
    r = client.post(PUSH, json=till.push_body(events), headers=till.auth)
    assert r.status_code == 200, r.text
    return r.json()


def statuses(body) -> list[str]:
    return [x["status"] for x in body["results"]]


def count(db, model, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def other_facts() -> list[tuple[str, dict]]:
    """One valid payload of each type HQ keeps as received (plus an empty day close)."""
    shift_id, opened = new_id(), datetime(2024, 5, 1, 8, 0, tzinfo=CST).isoformat()
    voided = {"product_id": new_id(), "sku": "010001", "name": "可口可乐 330ml", "qty": 1,
              "amount_fen": 300, "approved_by": "9001"}
    return [
        (SHIFT_OPENED, {"shift_id": shift_id, "staff_id": new_id(), "staff_no": "1001",
                        "float_fen": 20000}),
        (SHIFT_CASH_MOVED, {"shift_id": shift_id, "movement_id": new_id(), "kind": "paid_out",
                            "amount_fen": 500, "reason": "买冰块", "staff_no": "1001",
                            "approved_by": "9001"}),
        (SALE_VOIDED, {"void_id": new_id(), "staff_id": new_id(), "staff_no": "1001",
                       "approved_by": "9001", "lines": [voided], "total_fen": 300}),
        (AUDIT_OVERRIDE, {"action": "void_sale", "requested_by": "1001", "approved_by": "9001",
                          "approver_id": new_id(), "amount_fen": 300, "detail": "顾客改主意"}),
        (SHIFT_CLOSED, {"shift_id": shift_id, "staff_no": "1001", "opened_at": opened,
                        "float_fen": 20000, "expected_by_tender": {"cash": 19500},
                        "counted_cash_fen": 19400, "cash_variance_fen": -100,
                        "sales_count": 0, "refunds_count": 0}),
        (DAY_CLOSED, day_closed_payload(DAY, sales_count=0, sales_fen=0)),
    ]


def test_v2_sale_is_projected_with_its_lines_and_v1_lines_pay_their_amount(client, db, till):
    v2 = till.sale_v2([("010001", 2, 560), ("020003", 1, 390)], 1, discount_fen=40,
                      rounding_fen=10)
    v1 = till.event()  # v1: cash only, no discounts
    assert statuses(push(client, till, [v2, v1])) == ["applied", "applied"]
    with db.read() as session:
        sale = session.get(Sale, v2["payload"]["sale_id"])
        assert (sale.total_fen, sale.original_fen, sale.discount_fen, sale.rounding_fen) == (
            950, 1000, 40, 10)
        assert sale.business_date == DAY and sale.receipt_no == till.receipt(1)
        assert [(x.line_no, x.sku, x.qty, x.final_fen) for x in sale.lines] == [
            (1, "010001", 2, 560), (2, "020003", 1, 390)]
        old = session.get(Sale, v1["payload"]["sale_id"])
        assert (old.total_fen, old.original_fen, old.discount_fen) == (till.sold[0],) * 2 + (0,)
        assert [(x.qty, x.final_fen) for x in old.lines] == [(1, till.sold[0])]


def test_every_fact_type_is_applied_and_kept(client, db, till):
    facts = other_facts()
    sale = till.sale_v2([("010001", 1, 300)], 1)
    refund = till.refund(sale, [(1, 1, 300)], 1)
    events = [sale, refund] + [till.event(kind, payload, business_date=DAY)
                               for kind, payload in facts]
    body = push(client, till, events)
    assert statuses(body) == ["applied"] * len(events), body
    assert count(db, Quarantine) == 0
    with db.read() as session:
        kept = dict(session.execute(select(Event.type, Event.payload)
                                    .where(Event.type.in_([k for k, _ in facts]))).all())
        close = session.scalars(select(DayClose)).one()
        held = session.scalars(select(Refund)).one()
        lines = [(x.original_line_no, x.qty, x.amount_fen) for x in held.lines]
    assert kept == dict(facts)
    # The day close counted neither the sale nor the refund: it does not reconcile.
    assert close.status == "mismatch" and set(close.differences) == {
        "sales_count", "sales_fen", "refunds_count", "refunds_fen"}
    assert (held.refund_no, held.total_fen, held.original_sale_id) == (
        f"R-{till.receipt(1)}", 300, sale["payload"]["sale_id"])
    assert lines == [(1, 1, 300)]


def test_invalid_facts_are_quarantined_and_the_stream_goes_on(client, db, till):
    facts = [*other_facts(), (REFUND_COMPLETED, {"refund_id": new_id()}),
             (SALE_COMPLETED, {"sale_id": new_id()})]
    broken = []
    for kind, payload in facts:
        if kind == SALE_COMPLETED:
            broken.append(till.event(kind, payload, business_date=DAY, v=2))
            continue
        payload = dict(payload)
        payload.pop(next(iter(payload)))  # drop a required field
        broken.append(till.event(kind, payload, business_date=DAY))
    wrong_version = till.event(SHIFT_OPENED, other_facts()[0][1], business_date=DAY, v=2)
    elsewhere = till.event(SHIFT_OPENED, other_facts()[0][1], business_date=DAY,
                           store_id=new_id())
    z = day_closed_payload(DAY, sales_count=0, sales_fen=0)
    z["totals"]["business_date"] = "2024-04-30"
    other_day = till.event(DAY_CLOSED, z, business_date=DAY)
    good = till.sale_v2([("010001", 1, 300)], 1)
    body = push(client, till, [*broken, wrong_version, elsewhere, other_day, good])
    assert statuses(body) == ["quarantined"] * (len(broken) + 3) + ["applied"]
    details = [x["detail"] for x in body["results"]]
    for (kind, _), detail in zip(facts, details, strict=False):
        assert f"invalid {kind} payload" in detail
    assert "version 2 is not supported" in details[len(broken)]
    assert "the terminal belongs to store" in details[len(broken) + 1]
    assert "Z totals are for 2024-04-30" in details[len(broken) + 2]
    assert body["acked_through_seq"] == till.seq
    assert count(db, Quarantine, Quarantine.kind == "unapplied") == len(broken) + 3
    assert count(db, Sale) == 1 and count(db, Refund) == 0 and count(db, DayClose) == 0


def test_values_no_column_can_hold_are_quarantined_not_refused(client, db, till):
    """On PostgreSQL an oversized value would fail the insert and refuse the whole batch."""
    nul = sale_v2_payload([("010001", 1, 300)], till.receipt(1))
    nul["lines"][0]["name"] = "可乐\x00"
    huge = sale_v2_payload([("010001", 10**13, 300)], till.receipt(2))
    twice = sale_v2_payload([("010001", 1, 300), ("010002", 1, 200)], till.receipt(3))
    twice["lines"][1]["line_no"] = 1
    long_receipt = sale_v2_payload([("010001", 1, 300)], "R" * 65)
    late = (datetime(2024, 5, 1, 9, tzinfo=CST) + timedelta(hours=1)).isoformat()
    events = [till.event(SALE_COMPLETED, p, business_date=DAY, v=2, occurred_at=late)
              for p in (nul, huge, twice, long_receipt)]
    events.append(till.sale_v2([("010001", 1, 300)], 5))
    body = push(client, till, events)
    assert statuses(body) == ["quarantined"] * 4 + ["applied"]
    details = [x["detail"] for x in body["results"][:4]]
    assert "NUL" in details[0] and "out of range" in details[1]
    assert "same line_no" in details[2] and "longer than 64" in details[3]
    assert count(db, Sale) == 1
