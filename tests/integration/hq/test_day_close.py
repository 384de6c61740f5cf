"""day.closed: HQ reconciles a till's Z totals with the sales and refunds it received from that
till for the business date; a difference is a `mismatch` anomaly, never a rejection. Plus the
sales report's refund figures and the dashboard's day close and anomaly lists."""

from __future__ import annotations

from sqlalchemy import select

from hq_server.models import Anomaly, DayClose, Terminal
from hq_server.services import reports
from pos_app.domain.money import format_yuan
from sync.protocol import SALE_COMPLETED
from tests.integration.hq.helpers import sale_v2_payload

PUSH = "/api/v1/sync/push"
DAY, NEXT = "2024-05-01", "2024-05-02"


def push(client, till, events) -> list[str]:
    r = client.post(PUSH, json=till.push_body(events), headers=till.auth)
    assert r.status_code == 200, r.text
    return [x["status"] for x in r.json()["results"]]


def closes(db) -> list[tuple[str, str, dict]]:
    with db.read() as session:
        return [tuple(r) for r in session.execute(
            select(DayClose.business_date, DayClose.status, DayClose.differences)
            .order_by(DayClose.id))]


def test_z_totals_that_match_what_hq_received(client, db, till):
    events = [till.sale_v2([("010001", 2, 600)], 1), till.sale_v2([("020003", 1, 450)], 2)]
    events.append(till.refund(events[0], [(1, 1, 300)], 1))
    events.append(till.sale_v2([("010001", 1, 300)], 1, day=NEXT))  # another business date
    events.append(till.day_closed(DAY, sales_count=2, sales_fen=1050, refunds_count=1,
                                  refunds_fen=300))
    assert push(client, till, events) == ["applied"] * 5
    assert closes(db) == [(DAY, "matched", {})]
    with db.read() as session:
        assert session.scalars(select(Anomaly)).all() == []
        assert not session.get(Terminal, till.terminal_id).flagged
        report = reports.sales_by_terminal(session, DAY)
    [row] = report.terminals
    assert (row.count, row.total_fen, row.refunds_count, row.refunds_fen, row.net_fen) == (
        2, 1050, 1, 300, 750)
    assert (report.count, report.total_fen, report.refunds_count, report.refunds_fen,
            report.net_fen) == (2, 1050, 1, 300, 750)


def test_z_totals_that_differ_are_a_flagged_mismatch(client, db, till):
    good = till.sale_v2([("010001", 1, 300)], 1)
    broken = sale_v2_payload([("010001", 1, 500)], till.receipt(2))
    del broken["tenders"]  # the till counted it; HQ could not apply it
    lost = till.event(SALE_COMPLETED, broken, business_date=DAY, v=2)
    close = till.day_closed(DAY, sales_count=2, sales_fen=800)
    assert push(client, till, [good, lost, close]) == ["applied", "quarantined", "applied"]
    assert closes(db) == [(DAY, "mismatch", {"sales_count": {"z": 2, "hq": 1},
                                             "sales_fen": {"z": 800, "hq": 300},
                                             "net_fen": {"z": 800, "hq": 300}})]
    with db.read() as session:
        [anomaly] = session.scalars(select(Anomaly)).all()
        terminal = session.get(Terminal, till.terminal_id)
    assert (anomaly.kind, anomaly.terminal_id, anomaly.seq) == (
        "day_mismatch", till.terminal_id, close["seq"])
    assert "sales_count Z 2 ≠ HQ 1" in anomaly.detail
    assert terminal.flagged and f"day {DAY} does not reconcile" in terminal.flag_reason

    # A Z report whose own net does not add up is a mismatch even when sales agree.
    odd = till.day_closed(NEXT, sales_count=0, sales_fen=0, net_fen=100)
    assert push(client, till, [odd]) == ["applied"]
    assert closes(db)[-1] == (NEXT, "mismatch", {"net_fen": {"z": 100, "hq": 0}})


def test_dashboard_lists_day_closes_and_anomalies(client, db, till):
    sale = till.sale_v2([("010001", 1, 300)], 1)
    events = [sale, till.refund(sale, [(1, 1, 300)], 1), till.refund(sale, [(1, 1, 300)], 2),
              till.day_closed(DAY, sales_count=1, sales_fen=300, refunds_count=2,
                              refunds_fen=600),
              till.day_closed(NEXT, sales_count=3, sales_fen=900)]
    assert push(client, till, events) == ["applied"] * 5
    data = client.get("/api/v1/dashboard").json()
    term = data["stores"][0]["terminals"][0]
    assert [(d["business_date"], d["status"], d["net_fen"], d["net_yuan"])
            for d in term["day_closes"]] == [(NEXT, "mismatch", 900, format_yuan(900)),
                                             (DAY, "matched", -300, format_yuan(-300))]
    assert term["day_closes"][0]["differences"] == [
        {"figure": "sales_count", "z": 3, "hq": 0, "z_text": "3", "hq_text": "0"},
        {"figure": "sales_fen", "z": 900, "hq": 0, "z_text": "9.00", "hq_text": "0.00"},
        {"figure": "net_fen", "z": 900, "hq": 0, "z_text": "9.00", "hq_text": "0.00"}]
    assert term["anomaly_count"] == 2 and data["totals"]["anomalies"] == 2
    assert [(a["kind"], a["terminal_name"], a["store_code"], a["seq"])
            for a in data["anomalies"]] == [("day_mismatch", "T01", "S001", events[4]["seq"]),
                                            ("double_return", "T01", "S001", events[2]["seq"])]

    # A day closed again: the dashboard shows the latest close of each date.
    assert push(client, till, [till.day_closed(NEXT, sales_count=0, sales_fen=0)]) == [
        "applied"]
    term = client.get("/api/v1/dashboard").json()["stores"][0]["terminals"][0]
    assert [(d["business_date"], d["status"]) for d in term["day_closes"]] == [
        (NEXT, "matched"), (DAY, "matched")]

    zh = client.get("/").text
    assert "日结对账" in zh and "重复退货" in zh and "日结不符" in zh and "相符" in zh
    en = client.get("/", params={"lang": "en"}).text
    assert "Day close" in en and "Double return" in en and "matched" in en
    assert "重复退货" not in en
