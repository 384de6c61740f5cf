"""`pos-till` commands: bad input gets one clear line, a non-zero exit, and writes nothing."""

from __future__ import annotations

import json
import socket
import sqlite3
import subprocess
import threading
from pathlib import Path

import pytest

from tests.e2e.helpers import pos_till as run_pos_till
from tests.till_fixtures import BAD_CHECK_DIGIT, PRODUCTS, UNKNOWN_BARCODE

COLA = PRODUCTS[0][0]


def pos_till(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_pos_till(data_dir, *args, check=False)  # these tests look at failures


def business_rows(data_dir: Path) -> tuple:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("sale", "sale_line", "sale_tender", "outbox", "print_job"))
    finally:
        conn.close()


@pytest.fixture
def data_dir(till_app) -> Path:
    till_app.close()  # the commands open the file themselves
    return till_app.data_dir


def sell(data_dir, *items, pay="cash", staff="1001", pin="1234"):
    args = ["sell", "--staff", staff, "--pin", pin, "--pay", pay]
    for item in items:
        args += ["--item", item]
    return pos_till(data_dir, *args)


def test_sell_prints_the_receipt_no_last_and_prints_the_receipt(data_dir):
    result = sell(data_dir, COLA, f"{PRODUCTS[1][0]}*3", pay="cash:1000")
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip().splitlines()
    assert out[-2] == "total 9.00 paid 10.00 change 1.00"
    assert out[-1].startswith("S001-T01-") and out[-1].endswith("-0001")
    assert business_rows(data_dir) == (1, 2, 1, 1, 1)
    assert len(list((data_dir / "receipts").glob("*.bin"))) == 1


@pytest.mark.parametrize(("items", "pay", "message"), [
    ([UNKNOWN_BARCODE], "cash", "No product has the barcode"),
    ([BAD_CHECK_DIGIT], "cash", "not a valid barcode"),
    (["hello"], "cash", "No product has the barcode or item code"),
    ([f"{COLA}*0"], "cash", "Quantity must be"),
    ([f"{COLA}*-2"], "cash", "Quantity must be"),
    ([f"{COLA}*abc"], "cash", "Quantity must be"),
    ([f"{COLA}*100000"], "cash", "Quantity must be"),
    ([COLA], "cash:abc", "not an amount in fen"),
    ([COLA], "cash:-5", "not an amount in fen"),
    ([COLA], "cash:99999999999", "larger than the till accepts"),
    ([COLA], "cheque:300", "unsupported payment"),
    ([COLA], "cash:299", "Not enough money: 2.99 given, 3.00 due"),
])
def test_bad_sales_are_refused_and_write_nothing(data_dir, items, pay, message):
    result = sell(data_dir, *items, pay=pay)
    assert result.returncode == 2
    assert message in result.stderr
    assert "Traceback" not in result.stderr
    assert business_rows(data_dir) == (0, 0, 0, 0, 0)


def test_wrong_pin_is_refused(data_dir):
    result = sell(data_dir, COLA, pin="0000")
    assert result.returncode == 2 and "Wrong staff number or PIN." in result.stderr
    assert business_rows(data_dir) == (0, 0, 0, 0, 0)


def test_messages_in_chinese_on_request(data_dir):
    result = pos_till(data_dir, "--lang", "zh_CN", "sell", "--staff", "1001", "--pin", "1234",
                      "--item", UNKNOWN_BARCODE, "--pay", "cash")
    assert result.returncode == 2 and "条码" in result.stderr


def test_commands_on_a_folder_without_a_till_create_nothing(tmp_path):
    empty = tmp_path / "nothing-here"
    for args in (["status", "--json"], ["sync"], ["sell", "--staff", "1001", "--pin", "1234",
                                                  "--item", COLA, "--pay", "cash"]):
        result = pos_till(empty, *args)
        assert result.returncode == 2 and "There is no till in" in result.stderr
    assert not empty.exists()


def test_sync_without_enrolment_says_so(data_dir):
    result = pos_till(data_dir, "sync")  # the fixture's till has an identity but no token
    assert result.returncode == 2 and "not enrolled" in result.stderr


def test_enroll_refuses_garbage_urls_and_unreachable_hq(tmp_path):
    for url, expected in (("ftp://127.0.0.1/", "http"), ("http://127.0.0.1:9", "refused")):
        result = pos_till(tmp_path / "till", "enroll", "--hq", url, "--code", "AAAA-BBBB-CCCC")
        assert result.returncode == 3, result.stderr
        assert expected in result.stderr and "Traceback" not in result.stderr


def test_status_json(data_dir):
    result = pos_till(data_dir, "status", "--json")
    status = json.loads(result.stdout)
    assert status == {"enrolled": True, "online": False, "pending_events": 0,
                      "last_success_at": None, "last_error": None, "last_error_at": None}


def test_a_network_printer_receives_the_receipt(data_dir):
    """`printer set network …` then `sell`: the ESC/POS bytes arrive at a socket on 127.0.0.1."""
    received = bytearray()
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def accept_one() -> None:
        conn, _ = server.accept()
        with conn:
            conn.settimeout(10)
            while chunk := conn.recv(65536):
                received.extend(chunk)

    thread = threading.Thread(target=accept_one, daemon=True)
    thread.start()
    try:
        configured = pos_till(data_dir, "printer", "set", "network", "host=127.0.0.1",
                              f"port={port}", "profile=58mm")
        assert configured.returncode == 0, configured.stderr
        assert json.loads(pos_till(data_dir, "printer", "show").stdout)["port"] == port
        result = sell(data_dir, COLA)
        assert result.returncode == 0, result.stderr
        thread.join(timeout=20)
    finally:
        server.close()
    assert "可口可乐".encode("gb18030") in received
    assert received.startswith(b"\x1b@")  # ESC @ resets the printer first


def test_bad_printer_settings_are_refused_and_the_old_ones_kept(data_dir):
    before = json.loads(pos_till(data_dir, "printer", "show").stdout)
    for args in (["network", "hots=127.0.0.1"], ["usb", "vendor_id=zz"], ["serial", "oops"]):
        result = pos_till(data_dir, "printer", "set", *args)
        assert result.returncode == 2 and result.stderr.strip()
    assert json.loads(pos_till(data_dir, "printer", "show").stdout) == before


def test_split_tender_and_a_discount_approved_by_a_manager(data_dir):
    base = ["sell", "--staff", "1001", "--pin", "1234", "--item", f"{COLA}*10"]  # 30.00
    before = business_rows(data_dir)
    refused = pos_till(data_dir, *base, "--discount", "20%", "--pay", "cash")
    assert refused.returncode == 2 and "needs approval" in refused.stderr
    assert business_rows(data_dir) == before

    done = pos_till(data_dir, *base, "--discount", "20%", "--approver", "9001",
                    "--approver-pin", "9999", "--pay", "card:1000:889977", "--pay", "cash")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().splitlines()[-2] == "total 24.00 paid 24.00 change 0.00"
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        tenders = conn.execute("SELECT kind, amount_fen, reference FROM sale_tender "
                               "ORDER BY tender_no").fetchall()
        audits = conn.execute("SELECT count(*) FROM outbox WHERE type = 'audit.override'"
                              ).fetchone()[0]
    finally:
        conn.close()
    assert tenders == [("card", 1000, "889977"), ("cash", 1400, None)]
    assert audits == 1


@pytest.mark.parametrize(("pay", "message"), [
    ("card:300", "reference no."),
    ("mobile:300:12345", "not a WeChat or Alipay payment code"),
    ("cash:abc", "not an amount in fen"),
])
def test_bad_split_payments_are_refused_before_anything_opens(data_dir, pay, message):
    before = business_rows(data_dir)
    result = sell(data_dir, COLA, pay=pay)
    assert result.returncode == 2 and message in result.stderr
    assert business_rows(data_dir) == before
