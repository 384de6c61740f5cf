"""Returning at till T02 a sale rung at till T01, through a real uvicorn HQ on 127.0.0.1:
HQ serves the sale (GET /api/v1/sales/by-receipt/…), T02 pays back exact shares, never returns
a unit twice (before and after its refunds reach HQ), and HQ records the refunds clean."""

from __future__ import annotations

import sqlite3
from pathlib import Path

from tests.e2e.helpers import pos_till, till_barcodes
from tests.hq_process import add_terminal

MANAGER = ["--staff", "9001", "--pin", "9999"]


def hq_rows(db_url: str, sql: str) -> list[tuple]:
    conn = sqlite3.connect(db_url.removeprefix("sqlite:///"))
    try:
        return conn.execute(sql).fetchall()
    finally:
        conn.close()


def test_a_sale_from_another_till_is_returned_once_via_head_office(hq, till_dir, tmp_path):
    till_b = tmp_path / "till-b"
    code = add_terminal(hq.db_url, "S001", "T02")
    assert "enrolled S001-T02" in pos_till(till_b, "enroll", "--hq", hq.url, "--code",
                                           code).stdout

    (item, price), (other, other_price) = till_barcodes(till_dir, 2)
    sold = pos_till(till_dir, "sell", *MANAGER, "--item", f"{item}*3", "--item", other,
                    "--pay", "cash").stdout.strip().splitlines()[-1]
    assert sold.startswith("S001-T01-")
    pos_till(till_dir, "sync")

    first = pos_till(till_b, "refund", *MANAGER, "--receipt", sold, "--line", "1*1")
    out = first.stdout.strip().splitlines()
    assert out[0] == f"refund {price / 100:.2f} of {sold}"
    assert out[-1].startswith("S001-T02-")
    # Not pushed yet: HQ knows of no return; T02 counts its own.
    too_many = pos_till(till_b, "refund", *MANAGER, "--receipt", sold, "--line", "1*3",
                        check=False)
    assert too_many.returncode == 2 and "only 2 of 3 are left" in too_many.stderr
    pos_till(till_b, "sync")
    # Pushed: HQ counts it now, and T02 does not count it a second time.
    rest = pos_till(till_b, "refund", *MANAGER, "--receipt", sold).stdout.strip().splitlines()
    assert rest[0] == f"refund {(2 * price + other_price) / 100:.2f} of {sold}"
    pos_till(till_b, "sync")
    again = pos_till(till_b, "refund", *MANAGER, "--receipt", sold, check=False)
    assert again.returncode == 2 and "already been returned" in again.stderr

    assert hq_rows(hq.db_url, "SELECT count(*), sum(total_fen) FROM refund") == [
        (2, 3 * price + other_price)]
    assert hq_rows(hq.db_url, "SELECT count(*) FROM anomaly") == [(0,)]
    assert hq_rows(hq.db_url, "SELECT count(*) FROM quarantine") == [(0,)]

    # Head office down: a sale of another till cannot be checked; the till says so (exit 3).
    second = pos_till(till_dir, "sell", *MANAGER, "--item", other, "--pay", "cash") \
        .stdout.strip().splitlines()[-1]
    hq.stop()
    offline = pos_till(till_b, "refund", *MANAGER, "--receipt", second, check=False)
    assert offline.returncode == 3
    assert f"{second} is not from this till and head office cannot be reached" in \
        offline.stderr and "Traceback" not in offline.stderr
    # A receipt HQ has never heard of (T01 never pushed it) is "not found", not "offline".
    hq.start()
    unknown = pos_till(till_b, "refund", *MANAGER, "--receipt", second, check=False)
    assert unknown.returncode == 2 and "No sale has the receipt no." in unknown.stderr


def test_the_transport_and_adapter_read_hqs_answer(hq, till_dir):
    from pos_app import bootstrap
    from pos_app.adapters.sale_lookup import HqSaleLookup

    (item, price), = till_barcodes(till_dir, 1)
    sold = pos_till(till_dir, "sell", *MANAGER, "--item", f"{item}*2", "--pay", "cash") \
        .stdout.strip().splitlines()[-1]
    pos_till(till_dir, "sync")
    app = bootstrap.open_till(Path(till_dir), "en")
    try:
        _engine, transport = bootstrap.sync_engine(app)
        with transport:
            found = HqSaleLookup(lambda: transport).by_receipt(sold)
            assert transport.sale_by_receipt("S001-T01-20000101-0001") is None
    finally:
        app.close()
    assert found is not None and found.sale["receipt_no"] == sold
    assert found.refunded_qty == {1: 0} and found.sale["total_fen"] == 2 * price
