"""A real till (SQLite file, `pos-till` commands) against a real uvicorn HQ on 127.0.0.1."""

from __future__ import annotations

import json
import urllib.request
from pathlib import Path

import pytest

from pos_app import bootstrap
from pos_app.adapters.sync_ports import SqliteOutbox
from sync.ports import SeqGapError
from sync.protocol import PushRequest
from tests.e2e.helpers import pos_till, report_sales, till_barcodes, till_sales_total
from tests.hq_process import add_terminal


def sell(data_dir: Path, code: str) -> str:
    out = pos_till(data_dir, "sell", "--staff", "1001", "--pin", "1234", "--item", code,
                   "--pay", "cash").stdout
    return out.strip().splitlines()[-1]


def test_enrolment_pulls_catalog_and_staff_and_a_code_works_once(hq, till_dir, tmp_path):
    assert len(till_barcodes(till_dir, 500)) >= 150
    code = add_terminal(hq.db_url, "S001", "T02")
    pos_till(tmp_path / "first", "enroll", "--hq", hq.url, "--code", code)
    again = pos_till(tmp_path / "second", "enroll", "--hq", hq.url, "--code", code, check=False)
    assert again.returncode == 3 and again.stderr.strip() and "Traceback" not in again.stderr
    status = json.loads(pos_till(tmp_path / "second", "status", "--json").stdout)
    assert status["enrolled"] is False


def test_sales_made_while_hq_is_down_arrive_exactly_once(hq, till_dir):
    items = till_barcodes(till_dir, 3)
    hq.stop()
    receipts = [sell(till_dir, code) for code, _price in items]
    failed = pos_till(till_dir, "sync", check=False)
    assert failed.returncode == 3 and failed.stderr.strip()
    status = json.loads(pos_till(till_dir, "status", "--json").stdout)
    assert status["pending_events"] == 3 and status["last_error"] and not status["online"]

    hq.start()
    assert "pushed 3 events" in pos_till(till_dir, "sync").stdout
    pos_till(till_dir, "sync")  # nothing more to send: nothing counted twice
    row = report_sales(hq.db_url, till_dir)["T01"]
    # What the till charged (demo promotions may discount at some hours), to the fen.
    assert (row["count"], row["total_fen"], row["last_seq"]) == (3, till_sales_total(till_dir), 3)
    assert till_sales_total(till_dir) <= sum(price for _code, price in items)
    status = json.loads(pos_till(till_dir, "status", "--json").stdout)
    assert status["pending_events"] == 0 and status["online"] and status["last_success_at"]
    with urllib.request.urlopen(f"{hq.url}/api/v1/dashboard", timeout=10) as response:
        board = json.load(response)
    (terminal,) = board["stores"][0]["terminals"]
    assert terminal["online"] and terminal["last_seq"] == 3
    assert terminal["outbox_depth"] == 0 and terminal["oldest_pending_at"] is None
    assert terminal["sales_today_count"] == 3
    assert len(set(receipts)) == 3


def test_a_resent_batch_is_duplicate_not_counted_again(hq, till_dir):
    for code, _price in till_barcodes(till_dir, 2):
        sell(till_dir, code)
    pos_till(till_dir, "sync")
    app = bootstrap.open_till(till_dir, "en")
    try:
        _engine, transport = bootstrap.sync_engine(app)
        events = SqliteOutbox(app.uow_factory).events_from(1, 10)
        response = transport.push(PushRequest(
            terminal_id=events[0].terminal_id, events=events, outbox_depth=0,
            oldest_pending_at=None, app_version="0.1.0", terminal_time=events[0].occurred_at))
        transport.close()
    finally:
        app.close()
    assert [r.status for r in response.results] == ["duplicate", "duplicate"]
    assert response.acked_through_seq == 2
    assert report_sales(hq.db_url, till_dir)["T01"]["count"] == 2


def test_a_gap_gets_409_and_the_till_recovers(hq, till_dir):
    items = till_barcodes(till_dir, 4)
    sell(till_dir, items[0][0])
    pos_till(till_dir, "sync")
    for code, _price in items[1:]:
        sell(till_dir, code)
    app = bootstrap.open_till(till_dir, "en")
    try:
        engine, transport = bootstrap.sync_engine(app)
        outbox = SqliteOutbox(app.uow_factory)
        later = outbox.events_from(3, 10)
        with pytest.raises(SeqGapError) as gap:
            transport.push(PushRequest(
                terminal_id=later[0].terminal_id, events=later, outbox_depth=2,
                oldest_pending_at=None, app_version="0.1.0",
                terminal_time=later[0].occurred_at))
        assert gap.value.expected_seq == 2
        outbox.mark_acked(2)  # the till wrongly believes seq 2 arrived (a lost answer, say)
        outcome = engine.push_once(force=True)
        transport.close()
    finally:
        app.close()
    assert outcome.ok, outcome.error
    row = report_sales(hq.db_url, till_dir)["T01"]
    assert (row["count"], row["last_seq"]) == (4, 4)
