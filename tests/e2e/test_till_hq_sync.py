"""A real till (SQLite file, `pos-till` commands) against a real uvicorn HQ on 127.0.0.1."""

from __future__ import annotations

import json
import shutil
import sqlite3
import subprocess
import sys
import urllib.request
from pathlib import Path

import pytest

from pos_app import bootstrap
from pos_app.adapters.sync_ports import SqliteOutbox
from sync.ports import SeqGapError
from sync.protocol import PushRequest
from tests.hq_process import add_terminal, running_hq, seed_demo

ROOT = Path(__file__).resolve().parents[2]


def pos_till(data_dir: Path, *args: str, check: bool = True) -> subprocess.CompletedProcess:
    result = subprocess.run([sys.executable, "-m", "pos_app", "--data-dir", str(data_dir), *args],
                            cwd=ROOT, capture_output=True, text=True, timeout=120)
    if check and result.returncode != 0:
        raise AssertionError(f"pos-till {' '.join(args)} failed: {result.stderr}")
    return result


def report_sales(db_url: str, till_dir: Path) -> dict[str, dict]:
    """HQ's report for the till's business day (the store's time zone, not this machine's)."""
    conn = sqlite3.connect(till_dir / "till.sqlite")
    try:
        (day,) = conn.execute("SELECT max(business_date) FROM sale").fetchone()
    finally:
        conn.close()
    result = subprocess.run([sys.executable, "-m", "hq_server", "--db", db_url, "report", "sales",
                             "--date", day, "--json"],
                            cwd=ROOT, capture_output=True, text=True, timeout=60, check=True)
    rows = json.loads(result.stdout)
    rows = rows["terminals"] if isinstance(rows, dict) else rows
    return {row.get("terminal_name") or row.get("terminal"): row for row in rows}


def till_barcodes(data_dir: Path, n: int) -> list[tuple[str, int]]:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return conn.execute("SELECT b.code, p.price_fen FROM barcode b JOIN product p ON "
                            "p.id = b.product_id ORDER BY b.code LIMIT ?", (n,)).fetchall()
    finally:
        conn.close()


@pytest.fixture(scope="module")
def seeded_hq_file(tmp_path_factory) -> Path:
    """Seeding takes seconds; seed once and give each test its own copy of the file."""
    path = tmp_path_factory.mktemp("hq-seed") / "hq.sqlite"
    seed_demo(f"sqlite:///{path}")
    return path


@pytest.fixture
def hq(tmp_path, seeded_hq_file):
    db_path = tmp_path / "hq.sqlite"
    shutil.copyfile(seeded_hq_file, db_path)
    with running_hq(f"sqlite:///{db_path}") as server:
        yield server


@pytest.fixture
def till_dir(tmp_path, hq):
    data_dir = tmp_path / "till"
    code = add_terminal(hq.db_url, "S001", "T01")
    out = pos_till(data_dir, "enroll", "--hq", hq.url, "--code", code).stdout
    assert "enrolled S001-T01" in out
    return data_dir


def sell(data_dir: Path, code: str) -> str:
    out = pos_till(data_dir, "sell", "--staff", "1001", "--pin", "1234", "--item", code,
                   "--pay", "cash").stdout
    return out.strip().splitlines()[-1]


def test_enrolment_pulls_catalog_and_staff_and_code_works_once(hq, till_dir, tmp_path):
    assert len(till_barcodes(till_dir, 500)) >= 150
    again = pos_till(tmp_path / "other", "enroll", "--hq", hq.url, "--code", "AAAA-BBBB-CCCC",
                     check=False)
    assert again.returncode != 0 and again.stderr.strip()
    assert not (tmp_path / "other" / "till.sqlite").exists() or "terminal" not in again.stdout


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
    assert (row["count"], row["total_fen"], row["last_seq"]) == (
        3, sum(price for _code, price in items), 3)
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
