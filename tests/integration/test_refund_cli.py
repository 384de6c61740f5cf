"""`pos-till refund`: returns by receipt no. and without receipt from the command line. Bad input
gets one clear line, exit 2 and writes nothing; head office unreachable when needed: exit 3."""

from __future__ import annotations

import json
import sqlite3
import subprocess
from pathlib import Path

import pytest

from sync.protocol import RefundCompletedPayload
from tests.e2e.helpers import pos_till as run_pos_till
from tests.till_fixtures import PRODUCTS

COLA, WATER, NOODLE = PRODUCTS[0][0], PRODUCTS[1][0], PRODUCTS[2][0]
MANAGER = ["--staff", "9001", "--pin", "9999"]
CASHIER = ["--staff", "1001", "--pin", "1234"]
APPROVER = ["--approver", "9001", "--approver-pin", "9999"]


def pos_till(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return run_pos_till(data_dir, *args, check=False)


def counts(data_dir: Path) -> tuple:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return tuple(conn.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
                     for t in ("refund", "refund_line", "refund_tender", "outbox", "print_job"))
    finally:
        conn.close()


def refund_events(data_dir: Path) -> list[RefundCompletedPayload]:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return [RefundCompletedPayload.model_validate_json(p) for (p,) in conn.execute(
            "SELECT payload FROM outbox WHERE type = 'refund.completed' ORDER BY seq")]
    finally:
        conn.close()


@pytest.fixture
def data_dir(till_app) -> Path:
    till_app.close()  # the commands open the file themselves
    return till_app.data_dir


def sell(data_dir: Path, *items: str, pay: tuple[str, ...] = ("cash",)) -> str:
    args = ["sell", *MANAGER]
    for item in items:
        args += ["--item", item]
    for p in pay:
        args += ["--pay", p]
    result = pos_till(data_dir, *args)
    assert result.returncode == 0, result.stderr
    return result.stdout.strip().splitlines()[-1]


def refund(data_dir: Path, *args: str) -> subprocess.CompletedProcess:
    return pos_till(data_dir, "refund", *args)


def test_refund_a_whole_sale_prints_total_tenders_and_the_refund_no_last(data_dir):
    receipt = sell(data_dir, f"{COLA}*2", NOODLE, pay=("card:500:889977", "cash:1000"))
    result = refund(data_dir, *MANAGER, "--receipt", receipt, "--card-ref", "RF123")
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip().splitlines()
    assert out[0] == f"refund 10.50 of {receipt}"
    assert out[1:3] == ["  card 5.00 ref RF123", "  cash 5.50"]
    assert out[-1] == receipt[:-4] + "0002"
    [event] = refund_events(data_dir)
    assert event.refund_no == out[-1] and event.total_fen == 1050
    assert len(list((data_dir / "receipts").glob("*.bin"))) == 2  # the sale and the slip

    again = refund(data_dir, *MANAGER, "--receipt", receipt)
    assert again.returncode == 2 and "already been returned" in again.stderr


def test_a_cashier_returns_some_lines_with_a_managers_approval_as_json(data_dir):
    receipt = sell(data_dir, f"{COLA}*3", f"{WATER}*2")
    result = refund(data_dir, *CASHIER, "--receipt", receipt, "--line", "1*2", "--line", "2",
                    *APPROVER, "--reason", "damaged", "--json")
    assert result.returncode == 0, result.stderr
    done = json.loads(result.stdout)
    assert (done["total_fen"], done["approved_by"], done["original_receipt_no"]) == (
        1000, "9001", receipt)
    assert [(x["original_line_no"], x["qty"], x["amount_fen"]) for x in done["lines"]] == [
        (1, 2, 600), (2, 2, 400)]
    assert done["tenders"] == [{"kind": "cash", "amount_fen": 1000, "reference": None,
                                "provider": None, "status": "confirmed"}]
    [event] = refund_events(data_dir)
    assert event.reason == "damaged" and event.approved_by == "9001"
    left = refund(data_dir, *CASHIER, "--receipt", receipt, *APPROVER)
    assert left.returncode == 0 and left.stdout.splitlines()[0] == f"refund 3.00 of {receipt}"


def test_returns_without_receipt_are_paid_in_cash(data_dir):
    result = refund(data_dir, *CASHIER, "--no-receipt", "--item", f"{COLA}*2", "--item", WATER,
                    *APPROVER)
    assert result.returncode == 0, result.stderr
    out = result.stdout.strip().splitlines()
    assert out[:2] == ["refund 8.00 without receipt", "  cash 8.00"]
    [event] = refund_events(data_dir)
    assert event.original_sale_id is None and event.refund_no == out[-1]


@pytest.mark.parametrize(("args", "message"), [
    (["--line", "abc"], "is not a receipt line"),
    (["--line", "0"], "is not a receipt line"),
    (["--line", "1*0"], "Quantity must be"),
    (["--line", "9"], "The sale has no line 9"),
    (["--line", "1*4"], "cannot return 4, only 3 of 3 are left"),
    (["--card-ref", "bad ref!"], "reference no. from the card terminal"),
    (["--no-receipt"], "either --receipt or --no-receipt"),
    (["--item", WATER], "--item goes with --no-receipt"),
    (["--to-cash", "--card-ref", "R1"], "--card-ref is for a refund to the card"),
])
def test_bad_refunds_are_refused_and_write_nothing(data_dir, args, message):
    receipt = sell(data_dir, f"{COLA}*3")
    before = counts(data_dir)
    result = refund(data_dir, *MANAGER, "--receipt", receipt, *args)
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert counts(data_dir) == before


@pytest.mark.parametrize(("args", "message"), [
    ([*CASHIER, "--receipt", "{receipt}"], "Refund needs approval"),
    ([*CASHIER, "--receipt", "{receipt}", "--approver", "9001", "--approver-pin", "0000"],
     "Wrong staff number or PIN"),
    ([*CASHIER, "--receipt", "{receipt}", "--approver", "9001"], "--approver needs"),
    (["--staff", "1001", "--pin", "0000", "--receipt", "{receipt}"], "Wrong staff number"),
    ([*MANAGER, "--receipt", "not-a-receipt"], "is not a receipt no."),
    ([*MANAGER], "give --receipt"),
    ([*MANAGER, "--no-receipt"], "needs at least one --item"),
    ([*MANAGER, "--no-receipt", "--item", "hello"], "No product has the barcode or item code"),
    ([*MANAGER, "--no-receipt", "--item", COLA, "--line", "1"], "--line goes with --receipt"),
    ([*CASHIER, "--no-receipt", "--item", COLA], "Return without receipt needs approval"),
])
def test_refusals_write_nothing(data_dir, args, message):
    receipt = sell(data_dir, COLA)
    before = counts(data_dir)
    result = refund(data_dir, *[a.format(receipt=receipt) for a in args])
    assert result.returncode == 2, result.stdout
    assert message in result.stderr and "Traceback" not in result.stderr
    assert counts(data_dir) == before


def test_a_receipt_of_another_till_without_head_office_exits_3(data_dir):
    before = counts(data_dir)
    result = refund(data_dir, *MANAGER, "--receipt", "S001-T02-20261123-0005")
    assert result.returncode == 3
    assert "S001-T02-20261123-0005 is not from this till" in result.stderr
    assert "without a receipt" in result.stderr and "Traceback" not in result.stderr
    assert counts(data_dir) == before


def test_messages_in_chinese_on_request(data_dir):
    receipt = sell(data_dir, COLA)
    result = pos_till(data_dir, "--lang", "zh_CN", "refund", "--staff", "1001", "--pin", "0000",
                      "--receipt", receipt)
    assert result.returncode == 2 and "工号或密码错误" in result.stderr
