"""Refunds at HQ (DESIGN §8): never rejected, but a return of more than was sold — at any till
of the store, before or after the sale reaches HQ — is recorded as an anomaly and flagged.
And GET /api/v1/sales/by-receipt/{receipt_no}, which tills use to return a sale."""

from __future__ import annotations

from urllib.parse import quote

import pytest
from sqlalchemy import func, select

from hq_server.models import Anomaly, Refund, Terminal
from sync.protocol import SALE_COMPLETED, SaleCompletedV2Payload, SaleLookupResponse
from tests.integration.hq.helpers import enrol, sale_v2_payload

PUSH = "/api/v1/sync/push"
LOOKUP = "/api/v1/sales/by-receipt/"


def push(client, till, events) -> list[str]:
    r = client.post(PUSH, json=till.push_body(events), headers=till.auth)
    assert r.status_code == 200, r.text
    return [x["status"] for x in r.json()["results"]]


def anomalies(db) -> list[tuple[str, str, int, str]]:
    with db.read() as session:
        return [tuple(row) for row in session.execute(
            select(Anomaly.kind, Anomaly.terminal_id, Anomaly.seq, Anomaly.detail)
            .order_by(Anomaly.id))]


def terminal(db, till) -> Terminal:
    with db.read() as session:
        return session.get(Terminal, till.terminal_id)


@pytest.fixture
def till2(client, db, till) -> object:
    """Terminal T02 of the same store S001."""
    return enrol(client, db, "S001", "T02")


def test_returns_up_to_the_sold_qty_are_clean_one_more_unit_is_a_double_return(client, db,
                                                                                  till):
    sale = till.sale_v2([("010001", 3, 900), ("020003", 1, 400)], 1)
    first = till.refund(sale, [(1, 2, 600)], 1)
    second = till.refund(sale, [(1, 1, 300), (2, 1, 400)], 2)
    assert push(client, till, [sale, first, second]) == ["applied"] * 3
    assert anomalies(db) == [] and not terminal(db, till).flagged

    third = till.refund(sale, [(1, 1, 300)], 3)  # a fourth unit of line 1: three were sold
    assert push(client, till, [third]) == ["applied"]  # recorded, never rejected
    [(kind, terminal_id, seq, detail)] = anomalies(db)
    assert (kind, terminal_id, seq) == ("double_return", till.terminal_id, third["seq"])
    assert third["payload"]["refund_no"] in detail and "4 of 3 returned" in detail
    row = terminal(db, till)
    assert row.flagged and f"seq {third['seq']}: double return" in row.flag_reason
    with db.read() as session:
        assert session.scalar(select(func.sum(Refund.total_fen))) == 1600


def test_refunding_more_money_than_the_line_paid_is_a_double_return(client, db, till):
    sale = till.sale_v2([("010001", 2, 500)], 1, discount_fen=100)  # 2 units paid 500
    events = [sale, till.refund(sale, [(1, 1, 250)], 1), till.refund(sale, [(1, 1, 300)], 2)]
    assert push(client, till, events) == ["applied"] * 3
    [(kind, _, seq, detail)] = anomalies(db)
    assert kind == "double_return" and seq == events[2]["seq"]
    assert "2 of 2 returned, 550 of 500 fen" in detail


def test_a_refund_line_that_is_not_on_the_sale_is_flagged(client, db, till):
    sale = till.sale_v2([("010001", 1, 300)], 1)
    stray = till.refund(sale, [(7, 1, 300)], 1)
    no_receipt = till.refund(None, [(1, 5, 1500)], 2)  # without receipt: nothing to check
    assert push(client, till, [sale, stray, no_receipt]) == ["applied"] * 3
    [(kind, _, seq, detail)] = anomalies(db)
    assert (kind, seq) == ("return_unmatched", stray["seq"]) and "line 7" in detail


def test_refund_at_another_till_before_the_sale_arrives_is_checked_when_it_does(
        client, db, till, till2):
    # T01 sells 2 units while offline; T02 (also offline) returns them in two refunds, one
    # unit too many, and reaches HQ first.
    sale = till.sale_v2([("010001", 2, 600)], 1)
    ok = till2.refund(sale, [(1, 2, 600)], 1)
    too_many = till2.refund(sale, [(1, 1, 300)], 2, by_receipt_only=True)
    assert push(client, till2, [ok, too_many]) == ["applied", "applied"]
    assert anomalies(db) == [] and not terminal(db, till2).flagged

    assert push(client, till, [sale]) == ["applied"]
    [(kind, terminal_id, seq, detail)] = anomalies(db)
    assert (kind, terminal_id, seq) == ("double_return", till2.terminal_id, too_many["seq"])
    assert "3 of 2 returned" in detail
    assert terminal(db, till2).flagged and not terminal(db, till).flagged

    # The sale is now known: another return at T02 is checked as it arrives.
    again = till2.refund(sale, [(1, 1, 300)], 3)
    assert push(client, till2, [again]) == ["applied"]
    assert [a[2] for a in anomalies(db)] == [too_many["seq"], again["seq"]]
    lookup = client.get(LOOKUP + sale["payload"]["receipt_no"], headers=till2.auth).json()
    assert lookup["refunded_qty"] == {"1": 4}


@pytest.mark.postgres
@pytest.mark.parametrize("db_url", ["postgres"], indirect=True)
def test_a_busy_terminal_is_flagged_at_its_next_push(client, db, till, till2):
    """The push that finds the anomaly must not wait on T02's row while T02 is pushing."""
    sale = till.sale_v2([("010001", 1, 300)], 1)
    assert push(client, till2, [till2.refund(sale, [(1, 1, 300)], 1),
                                till2.refund(sale, [(1, 1, 300)], 2)]) == ["applied"] * 2
    with db.session() as busy:
        busy.scalar(select(Terminal).where(Terminal.id == till2.terminal_id).with_for_update())
        assert push(client, till, [sale]) == ["applied"]  # does not block
        busy.rollback()
    assert len(anomalies(db)) == 1 and not terminal(db, till2).flagged
    assert push(client, till2, []) == []
    assert "double return" in terminal(db, till2).flag_reason
    with db.read() as session:
        assert session.scalar(select(Anomaly.flag_pending)) is False


def test_sale_lookup_by_receipt_from_another_till_of_the_store(client, db, till, till2):
    sale = till.sale_v2([("010001", 3, 840), ("020003", 1, 400)], 1, discount_fen=60)
    v1 = till.event()
    assert push(client, till, [sale, v1]) == ["applied", "applied"]
    assert push(client, till2, [till2.refund(sale, [(1, 2, 560)], 1)]) == ["applied"]

    r = client.get(LOOKUP + sale["payload"]["receipt_no"], headers=till2.auth)
    assert r.status_code == 200, r.text
    found = SaleLookupResponse.model_validate(r.json())
    assert found.sale == SaleCompletedV2Payload.model_validate(sale["payload"])
    assert (found.terminal_id, found.business_date, found.occurred_at) == (
        till.terminal_id, "2024-05-01", sale["occurred_at"])
    assert found.refunded_qty == {"1": 2, "2": 0}

    # A v1 sale comes back in the v2 shape: each line paid its amount, cash tender.
    old = SaleLookupResponse.model_validate(
        client.get(LOOKUP + v1["payload"]["receipt_no"], headers=till.auth).json())
    [line] = old.sale.lines
    paid = v1["payload"]["total_fen"]
    assert (line.unit_price_fen, line.regular_price_fen, line.original_fen, line.final_fen) \
        == (paid,) * 4
    assert (old.sale.total_fen, old.sale.original_fen, old.sale.discount_fen) == (paid, paid, 0)
    assert [(t.kind, t.amount_fen) for t in old.sale.tenders] == [("cash", paid)]
    assert old.refunded_qty == {"1": 0}


def test_sale_lookup_is_scoped_to_the_store_and_needs_a_token(client, db, till):
    sale = till.sale_v2([("010001", 1, 300)], 1)
    slashed = sale_v2_payload([("010001", 1, 300)], "S001/T01/0002")
    assert push(client, till, [sale, till.event(SALE_COMPLETED, slashed, v=2)]) == [
        "applied", "applied"]
    r = client.get(LOOKUP + quote("S001/T01/0002", safe=""), headers=till.auth)
    assert r.status_code == 200 and r.json()["sale"]["sale_id"] == slashed["sale_id"]
    receipt = sale["payload"]["receipt_no"]
    elsewhere = enrol(client, db, "S002", "T01")
    for who, path in ((elsewhere, receipt), (till, "S001-T01-20240501-9999")):
        r = client.get(LOOKUP + path, headers=who.auth)
        assert r.status_code == 404 and "no sale with receipt" in r.json()["detail"]
    assert client.get(LOOKUP + receipt).status_code == 401
    assert client.get(LOOKUP + "x" * 65, headers=till.auth).status_code == 422
