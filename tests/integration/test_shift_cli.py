"""`pos-till shift ...` and `pos-till day close`: a whole shift and day from the command line;
bad input gets one clear line, exit 2, and writes nothing."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from pos_app.adapters.sync_ports import SqliteChangeSink
from pos_app.i18n import load_translator
from sync.protocol import Change, DayClosedPayload, ShiftClosedPayload, ZTotals
from tests.e2e.helpers import pos_till as run_pos_till
from tests.till_fixtures import PRODUCTS, pin_hash

COLA = PRODUCTS[0][0]
CASHIER = ["--staff", "1001", "--pin", "1234"]
MANAGER = ["--staff", "9001", "--pin", "9999"]
BY_MANAGER = ["--approver", "9001", "--approver-pin", "9999"]
BY_CASHIER2 = ["--approver", "1002", "--approver-pin", "2222"]


def pos_till(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_pos_till(data_dir, *args, check=False)


def ok(data_dir: Path, *args: str) -> str:
    result = pos_till(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout


def written(data_dir: Path) -> tuple:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        counts = tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                       for t in ("outbox", "shift", "cash_movement", "day_close", "print_job"))
        settings = tuple(conn.execute("SELECT value FROM setting WHERE key = ?", (k,)).fetchall()
                         for k in ("shift.current", "day.last_closed"))
        closed = conn.execute("SELECT count(*) FROM shift WHERE closed_at IS NOT NULL").fetchone()
        return (*counts, *settings, closed)
    finally:
        conn.close()


def outbox(data_dir: Path) -> list[tuple[str, dict]]:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return [(t, json.loads(p)) for t, p in
                conn.execute("SELECT type, payload FROM outbox ORDER BY seq")]
    finally:
        conn.close()


@pytest.fixture
def data_dir(till_app) -> Path:
    SqliteChangeSink(till_app.uow_factory).apply([Change(
        cursor=100, entity="staff", key="s-1002", op="upsert", data={
            "id": "s-1002", "staff_no": "1002", "name": "李娜", "role": "cashier",
            "pin_hash": pin_hash("2222"), "active": True})], 100)
    till_app.close()  # the commands open the file themselves
    return till_app.data_dir


def test_a_shift_and_its_day_from_the_command_line(data_dir):
    out = ok(data_dir, "shift", "open", *CASHIER, "--float", "20000").splitlines()
    assert out[0].startswith("shift opened float 200.00")
    shift_id = out[-1]
    ok(data_dir, "sell", *CASHIER, "--item", COLA, "--pay", "cash:1000")
    out = ok(data_dir, "shift", "cash", *CASHIER, "--out", "500", "--reason", "快递费",
             *BY_MANAGER)
    assert out.strip() == "paid out 5.00 approved by 9001: 快递费"
    ok(data_dir, "shift", "cash", *MANAGER, "--in", "1000", "--reason", "补零钱")

    before = written(data_dir)
    x = json.loads(ok(data_dir, "shift", "x", "--json"))
    assert written(data_dir) == before  # a reading writes nothing
    assert x["shift"]["shift_id"] == shift_id
    assert x["shift"]["expected_by_tender"] == {"cash": 20_000 + 300 - 500 + 1_000}
    assert ZTotals(**x["day"]).sales_fen == 300
    assert "X report" in ok(data_dir, "shift", "x")

    summary = json.loads(ok(data_dir, "shift", "close", *CASHIER, "--count", "20750",
                            "--json"))
    assert ShiftClosedPayload(**summary).model_dump() == summary
    assert (summary["shift_id"], summary["counted_cash_fen"], summary["cash_variance_fen"]) == (
        shift_id, 20_750, -50)

    totals = json.loads(ok(data_dir, "day", "close", *CASHIER, *BY_MANAGER, "--json"))
    assert ZTotals(**totals).model_dump() == totals
    assert (totals["sales_count"], totals["sales_fen"], totals["paid_out_fen"],
            totals["paid_in_fen"]) == (1, 300, 500, 1_000)
    kind, payload = outbox(data_dir)[-1]
    assert kind == "day.closed" and DayClosedPayload(**payload).totals.model_dump() == totals
    assert [k for k, _ in outbox(data_dir)] == [
        "shift.opened", "sale.completed", "audit.override", "shift.cash_moved",
        "shift.cash_moved", "shift.closed", "audit.override", "day.closed"]
    receipts = {p.read_text(encoding="utf-8") for p in (data_dir / "receipts").glob("*.txt")}
    zh = load_translator("zh_CN")  # receipts print in the till's language (Chinese here)
    assert any(zh("receipt", "Z report (day close)") in r for r in receipts)
    assert any(zh("receipt", "Shift report") in r for r in receipts)
    assert any("快递费" in r for r in receipts)


def open_shift(data_dir):
    ok(data_dir, "shift", "open", *CASHIER, "--float", "20000")


def close_shift(data_dir):
    ok(data_dir, "shift", "close", *CASHIER, "--count", "20000")


def close_day(data_dir):
    ok(data_dir, "day", "close", *MANAGER, "--json")


@pytest.mark.parametrize(("setup", "args", "message"), [
    ((), ["shift", "open", *CASHIER, "--float", "abc"], "not an amount in fen"),
    ((), ["shift", "open", *CASHIER, "--float", "-5"], "not an amount in fen"),
    ((), ["shift", "open", *CASHIER, "--float", "99999999999"], "larger than the till accepts"),
    ((), ["shift", "open", *CASHIER], "--float"),
    ((open_shift,), ["shift", "open", *MANAGER, "--float", "100"], "already open"),
    ((), ["shift", "open", "--staff", "1001", "--pin", "0000", "--float", "100"],
     "Wrong staff number or PIN."),
    ((), ["shift", "cash", *MANAGER, "--out", "500", "--reason", "x"], "No shift is open"),
    ((open_shift,), ["shift", "cash", *MANAGER, "--out", "0", "--reason", "x"],
     "must be more than 0.00"),
    ((open_shift,), ["shift", "cash", *MANAGER, "--out", "-1", "--reason", "x"],
     "not an amount in fen"),
    ((open_shift,), ["shift", "cash", *MANAGER, "--out", "5", "--reason", " "], "needs a reason"),
    ((open_shift,), ["shift", "cash", *MANAGER, "--in", "5", "--out", "5", "--reason", "x"],
     "not allowed with argument"),
    ((open_shift,), ["shift", "cash", *CASHIER, "--out", "500", "--reason", "x"],
     "needs approval"),
    ((open_shift,), ["shift", "cash", *CASHIER, "--out", "500", "--reason", "x", *BY_CASHIER2],
     "may not approve"),
    ((open_shift,), ["shift", "cash", *CASHIER, "--out", "500", "--reason", "x",
                     "--approver", "9001"], "--approver needs --approver-pin"),
    ((), ["shift", "close", *CASHIER, "--count", "100"], "No shift is open"),
    ((open_shift,), ["shift", "close", *CASHIER, "--count", "1.5"], "not an amount in fen"),
    ((open_shift,), ["day", "close", *MANAGER], "Close the shift first"),
    ((open_shift, close_shift, close_day), ["day", "close", *MANAGER], "already closed"),
    ((), ["day", "close", *CASHIER], "needs approval"),
    ((), ["day", "close", *CASHIER, *BY_CASHIER2], "may not approve"),
    ((), ["day", "close", *MANAGER, "--date", "2026-02-30"], "is not a date"),
    ((), ["day", "close", *MANAGER, "--date", "2999-01-01"], "has not started yet"),
])
def test_bad_shift_and_day_commands_are_refused_and_write_nothing(data_dir, setup, args,
                                                                  message):
    for step in setup:
        step(data_dir)
    before = written(data_dir)
    result = pos_till(data_dir, *args)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert written(data_dir) == before

