"""The till's SQLite file: one transaction per sale, a gapless hash-chained outbox, lock-out."""

from __future__ import annotations

import json
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from pos_app.domain.errors import (
    InsufficientTender,
    InvalidBarcode,
    InvalidQuantity,
    LoginFailed,
    LoginLocked,
    UnknownBarcode,
)
from pos_app.services.lookup import UnknownItemCode
from sync.protocol import GENESIS_HASH, EventEnvelope, SaleCompletedV2Payload, event_hash
from tests.till_fixtures import BAD_CHECK_DIGIT, CASHIER, PRODUCTS, UNKNOWN_BARCODE

ROOT = Path(__file__).resolve().parents[2]


def db_rows(data_dir: Path, sql: str) -> list[tuple]:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def assert_chain_valid(data_dir: Path) -> list[tuple]:
    """Every outbox row: seq 1..n without gaps, prev_hash links, hash recomputes."""
    rows = db_rows(data_dir, "SELECT seq, event_id, terminal_id, type, v, occurred_at, hlc, "
                             "business_date, store_id, actor_id, payload, prev_hash, hash "
                             "FROM outbox ORDER BY seq")
    prev = GENESIS_HASH
    for expected_seq, row in enumerate(rows, start=1):
        fields = dict(zip(["seq", "event_id", "terminal_id", "type", "v", "occurred_at", "hlc",
                           "business_date", "store_id", "actor_id", "payload", "prev_hash"],
                          row[:12], strict=True))
        fields["payload"] = json.loads(fields["payload"])
        assert fields["seq"] == expected_seq
        assert fields["prev_hash"] == prev
        assert event_hash(fields) == row[12]
        prev = row[12]
    return rows


def ring(till, *codes, tendered=None):
    staff = till.login(*CASHIER)
    sale = till.new_sale()
    for code in codes:
        till.scan(sale, code)
    return till.complete_cash_sale(staff, sale, tendered if tendered is not None
                                   else sale.total_fen)


def test_sale_sale_lines_tender_outbox_and_print_job_in_one_commit(till_app):
    done = ring(till_app.till, PRODUCTS[0][0], f"{PRODUCTS[2][0]}*2", tendered=2000)
    data_dir = till_app.data_dir
    assert done.total_fen == 300 + 2 * 450
    assert done.change_fen == 2000 - 1200
    assert done.receipt_no.startswith("S001-T01-") and done.receipt_no.endswith("-0001")
    assert db_rows(data_dir, "SELECT receipt_no, total_fen, item_count FROM sale") == [
        (done.receipt_no, 1200, 3)]
    assert db_rows(data_dir, "SELECT line_no, name, qty, amount_fen FROM sale_line "
                             "ORDER BY line_no") == [(1, "可口可乐 330ml", 1, 300),
                                                     (2, "康师傅红烧牛肉面", 2, 900)]
    assert db_rows(data_dir, "SELECT kind, amount_fen, tendered_fen, change_fen FROM "
                             "sale_tender") == [("cash", 1200, 2000, 800)]
    rows = assert_chain_valid(data_dir)
    assert len(rows) == 1
    payload = SaleCompletedV2Payload.model_validate(json.loads(rows[0][10]))
    assert payload.receipt_no == done.receipt_no and payload.total_fen == 1200
    assert db_rows(data_dir, "SELECT receipt_no, status FROM print_job") == [
        (done.receipt_no, "pending")]
    assert till_app.till.sync_status().pending_events == 1


def test_receipt_numbers_count_up_per_day(till):
    first = ring(till, PRODUCTS[1][0])
    second = ring(till, PRODUCTS[1][0])
    assert first.receipt_no[:-4] == second.receipt_no[:-4]
    assert int(second.receipt_no[-4:]) == int(first.receipt_no[-4:]) + 1


@pytest.mark.parametrize(("text", "error"), [
    (UNKNOWN_BARCODE, UnknownBarcode), (BAD_CHECK_DIGIT, InvalidBarcode),
    ("hello", UnknownItemCode), (f"{PRODUCTS[0][0]}*0", InvalidQuantity),
    (f"{PRODUCTS[0][0]}*-3", InvalidQuantity), (f"{PRODUCTS[0][0]}*100000", InvalidQuantity),
])
def test_bad_scans_change_nothing(till, text, error):
    sale = till.new_sale()
    till.scan(sale, PRODUCTS[0][0])
    with pytest.raises(error):
        till.scan(sale, text)
    assert [(x.product.name, x.qty) for x in sale.lines] == [("可口可乐 330ml", 1)]


def test_not_enough_cash_writes_nothing(till_app):
    till = till_app.till
    staff = till.login(*CASHIER)
    sale = till.new_sale()
    till.scan(sale, PRODUCTS[3][0])
    with pytest.raises(InsufficientTender):
        till.complete_cash_sale(staff, sale, 100)
    for table in ("sale", "sale_line", "outbox", "print_job", "receipt_counter"):
        assert db_rows(till_app.data_dir, f"SELECT count(*) FROM {table}") == [(0,)]


def test_five_wrong_pins_lock_the_login(till):
    for _ in range(4):
        with pytest.raises(LoginFailed):
            till.login(CASHIER[0], "0000")
    with pytest.raises(LoginLocked):
        till.login(CASHIER[0], "0000")
    with pytest.raises(LoginLocked):  # even the right PIN waits out the lock
        till.login(*CASHIER)
    assert till.login("9001", "9999").staff_no == "9001"  # others are not locked out


def test_unknown_staff_fails_like_a_wrong_pin(till):
    for staff_no in ("5555", "", "abc", "1" * 40):
        with pytest.raises(LoginFailed):
            till.login(staff_no, "1234")


def test_a_successful_login_clears_the_count(till):
    for _ in range(3):
        with pytest.raises(LoginFailed):
            till.login(CASHIER[0], "1111")
    till.login(*CASHIER)
    for _ in range(4):
        with pytest.raises(LoginFailed):
            till.login(CASHIER[0], "1111")


def test_pin_hashes_only(till_app):
    rows = db_rows(till_app.data_dir, "SELECT staff_no, pin_hash FROM staff")
    assert rows and all(h.startswith("$argon2id$") for _no, h in rows)


def run_worker(data_dir: Path, count: int) -> subprocess.Popen:
    return subprocess.Popen([sys.executable, "-m", "tests.till_worker", str(data_dir),
                             str(count)], cwd=ROOT, stdout=subprocess.PIPE, text=True)


def test_two_processes_on_one_till_file_keep_seq_gapless_and_unique(till_app):
    data_dir = till_app.data_dir
    workers = [run_worker(data_dir, 25) for _ in range(2)]
    ring(till_app.till, PRODUCTS[0][0])  # and this process too, meanwhile
    for worker in workers:
        worker.communicate(timeout=120)
        assert worker.returncode == 0
    rows = assert_chain_valid(data_dir)
    assert len(rows) == 51
    receipts = db_rows(data_dir, "SELECT receipt_no FROM sale")
    assert len({r for (r,) in receipts}) == 51


def test_sigkill_mid_stream_leaves_whole_sales_and_a_valid_chain(till_app):
    data_dir = till_app.data_dir
    worker = run_worker(data_dir, 0)
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        (count,) = db_rows(data_dir, "SELECT count(*) FROM sale")[0]
        if count >= 30:
            break
        time.sleep(0.02)
    os.kill(worker.pid, signal.SIGKILL)
    worker.communicate(timeout=30)
    sales = db_rows(data_dir, "SELECT s.id, s.total_fen, s.item_count, "
                              "(SELECT sum(amount_fen) FROM sale_line l WHERE l.sale_id = s.id), "
                              "(SELECT sum(qty) FROM sale_line l WHERE l.sale_id = s.id), "
                              "(SELECT count(*) FROM sale_tender t WHERE t.sale_id = s.id), "
                              "(SELECT count(*) FROM print_job j WHERE j.receipt_no = s.receipt_no)"
                              " FROM sale s")
    assert len(sales) >= 30
    for _id, total, items, line_sum, qty_sum, tenders, jobs in sales:
        assert (total, items, tenders, jobs) == (line_sum, qty_sum, 1, 1)
    rows = assert_chain_valid(data_dir)
    assert len(rows) == len(sales)
    sale_ids = {EventEnvelope.model_validate({
        **dict(zip(["seq", "event_id", "terminal_id", "type", "v", "occurred_at", "hlc",
                    "business_date", "store_id", "actor_id"], r[:10], strict=True)),
        "payload": json.loads(r[10]), "prev_hash": r[11], "hash": r[12]}).payload["sale_id"]
        for r in rows}
    assert sale_ids == {s[0] for s in sales}
    # The till opens and sells again after the crash.
    assert ring(till_app.till, PRODUCTS[1][0]).seq == len(rows) + 1


def test_a_bad_change_from_hq_is_set_aside_and_the_rest_applied(till_app):
    """One invalid change must not stop this till from ever seeing another price change."""
    from pos_app.adapters.sync_ports import SqliteChangeSink
    from sync.protocol import Change

    good = {"id": "p-9", "sku": "SKU0009", "name": "红牛 250ml", "category_id": "c-1",
            "price_fen": 600, "barcodes": ["6920202888883"], "unit": "罐", "active": True}
    bad = {**good, "id": "p-10", "sku": "SKU0010", "price_fen": -5}
    price_change = {**good, "id": "p-1", "sku": "SKU0001", "name": "可口可乐 330ml",
                    "price_fen": 350, "barcodes": [PRODUCTS[0][0]]}
    changes = [Change(cursor=100, entity="product", key="p-9", op="upsert", data=good),
               Change(cursor=101, entity="product", key="p-10", op="upsert", data=bad),
               Change(cursor=102, entity="product", key="p-1", op="upsert", data=price_change)]
    sink = SqliteChangeSink(till_app.uow_factory)
    sink.apply(changes, 102)
    assert sink.cursor() == 102
    prices = dict(db_rows(till_app.data_dir, "SELECT id, price_fen FROM product"))
    assert prices["p-9"] == 600 and prices["p-1"] == 350 and "p-10" not in prices
    status = till_app.till.sync_status()
    assert "p-10" in status.last_error
