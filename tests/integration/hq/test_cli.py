"""The `pos-hq` command line, run as a real subprocess."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest
from sqlalchemy import text as sa_text

from hq_server.db import Database
from hq_server.services import push
from hq_server.services.terminals import TerminalPrincipal
from sync.protocol import PushRequest
from tests.hq_process import add_terminal, run_cli, seed_demo
from tests.integration.hq.helpers import Till

CODE_RE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


def rows(db_path: Path, sql: str):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_seed_demo_is_idempotent_and_terminal_add_prints_the_code_last(tmp_path, sqlite_url):
    path = tmp_path / "hq.sqlite"
    out = seed_demo(sqlite_url)
    assert "S001" in out and "199 products" in out
    assert "11 promotions, 3 member levels" in out
    changes = rows(path, "SELECT count(*) FROM change_log")[0][0]
    assert changes > 200
    assert rows(path, "SELECT name FROM store WHERE code = 'S001'") == [("人民路店",)]
    assert sorted(rows(path, "SELECT staff_no, name, role FROM staff")) == [
        ("1001", "张敏", "cashier"), ("9001", "王强", "manager")]
    assert rows(path, "SELECT price_fen FROM product WHERE name = '农夫山泉 550ml'") == [(200,)]

    assert "0 rows created or updated" in seed_demo(sqlite_url)
    assert rows(path, "SELECT count(*) FROM change_log")[0][0] == changes

    code = add_terminal(sqlite_url, "S001", "T01")
    assert CODE_RE.match(code)
    # --db after the subcommand works too.
    proc = run_cli(sqlite_url, "terminal", "add", "--store", "S001", "--name", "T02")
    assert CODE_RE.match(proc.stdout.strip().splitlines()[-1])
    assert rows(path, "SELECT count(*) FROM terminal")[0][0] == 2


@pytest.fixture(scope="module")
def seeded_file(tmp_path_factory) -> Path:
    """Demo data and terminal T01, made once by the real CLI; tests work on copies."""
    path = tmp_path_factory.mktemp("seeded") / "hq.sqlite"
    seed_demo(f"sqlite:///{path}")
    add_terminal(f"sqlite:///{path}", "S001", "T01")
    assert not path.with_name("hq.sqlite-wal").exists() or \
        path.with_name("hq.sqlite-wal").stat().st_size == 0
    return path


@pytest.fixture
def seeded_url(seeded_file, tmp_path) -> str:
    target = tmp_path / "hq.sqlite"
    shutil.copyfile(seeded_file, target)
    return f"sqlite:///{target}"


@pytest.mark.parametrize("args, needle", [
    (["terminal", "add", "--store", "S009", "--name", "T01"], "no store with code 'S009'"),
    (["terminal", "add", "--store", "S001", "--name", "T01"], "already has a terminal named"),
    (["terminal", "add", "--store", "S001", "--name", "bad name!"], "terminal name"),
    (["report", "sales", "--date", "2024-02-30"], "not a date"),
    (["report", "sales", "--date", "tomorrow"], "not a date"),
])
def test_bad_input_exits_2_with_one_line_and_writes_nothing(tmp_path, seeded_url, args, needle):
    path = tmp_path / "hq.sqlite"
    before = rows(path, "SELECT count(*) FROM terminal")
    proc = run_cli(seeded_url, *args, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("pos-hq: error:")
    assert "Traceback" not in proc.stderr
    assert rows(path, "SELECT count(*) FROM terminal") == before


@pytest.mark.parametrize("url, needle", [
    ("postgresql://nobody:secret@127.0.0.1:9/hq", "cannot open the database"),
    ("mysql://x@localhost/hq", "unsupported database"),
    ("not a url", "not a database URL"),
    ("sqlite:///:memory:", "SQLite needs a file path"),
])
def test_unusable_database_urls_exit_2(url, needle):
    proc = run_cli(url, "report", "sales", "--date", "2024-05-01", check=False)
    assert proc.returncode == 2, proc.stderr
    assert needle in proc.stderr and "Traceback" not in proc.stderr
    assert "secret" not in proc.stderr  # passwords never end up in messages


def test_usage_errors_exit_2():
    proc = run_cli("sqlite:////nonexistent/x.sqlite", "terminal", "add", "--store", "S001",
                   check=False)
    assert proc.returncode == 2 and "--name" in proc.stderr


def test_report_sales_json_without_sales(seeded_url):
    out = json.loads(run_cli(seeded_url, "report", "sales", "--date", "2024-05-01",
                             "--json").stdout)
    assert out["date"] == "2024-05-01" and out["count"] == 0
    assert [(t["terminal_name"], t["count"], t["total_fen"], t["last_seq"])
            for t in out["terminals"]] == [("T01", 0, 0, 0)]
    text = run_cli(seeded_url, "report", "sales", "--date", "2024-05-01").stdout
    assert "T01" in text and "0.00" in text


def _push(db_url: str, make_events) -> Till:
    """Push events of terminal T01 straight through the push service."""
    db = Database(db_url)
    try:
        with db.read() as session:
            terminal_id, store_id = session.execute(
                sa_text("SELECT id, store_id FROM terminal WHERE name = 'T01'")).one()
        till = Till(terminal_id=terminal_id, store_id=store_id, token="-")
        principal = TerminalPrincipal(id=terminal_id, name="T01", store_id=store_id)
        body = PushRequest.model_validate(till.push_body(make_events(till)))
        with db.session() as session:
            result = push.push(session, principal, body, "0.1.0")
        assert {r.status for r in result.results} == {"applied"}
        return till
    finally:
        db.dispose()


def test_report_sales_json_counts_refunds_and_net(seeded_url):
    def events(till):
        sale = till.sale_v2([("010001", 2, 600), ("020003", 1, 450)], 1)
        return [sale, till.sale_v2([("010001", 1, 300)], 2), till.refund(sale, [(1, 1, 300)], 1)]

    _push(seeded_url, events)
    out = json.loads(run_cli(seeded_url, "report", "sales", "--date", "2024-05-01",
                             "--json").stdout)
    assert (out["count"], out["total_fen"], out["refunds_count"], out["refunds_fen"],
            out["net_fen"]) == (2, 1350, 1, 300, 1050)
    [row] = out["terminals"]
    assert (row["terminal_name"], row["count"], row["total_fen"], row["refunds_count"],
            row["refunds_fen"], row["net_fen"], row["last_seq"]) == (
        "T01", 2, 1350, 1, 300, 1050, 3)
    text = run_cli(seeded_url, "report", "sales", "--date", "2024-05-01").stdout
    assert "13.50" in text and "3.00" in text and "10.50" in text


def test_promotion_load_and_disable(tmp_path, seeded_url):
    path = tmp_path / "hq.sqlite"
    doc = {"comment": "spring", "rules": [
        {"id": "PROMO-TEA", "name": "茶饮8折", "kind": "time_discount",
         "scope": {"categories": ["DRINK"]}, "rate_bp": 8000, "comment": "tea"},
        {"id": "PROMO-SPEND", "name": "满50减6", "kind": "spend_reduce",
         "tiers": [{"threshold_fen": 5000, "off_fen": 600}]}],
        "member_levels": [{"code": "PLATINUM", "name": "白金会员", "default_rate_bp": 8800}]}
    file = tmp_path / "spring.json"
    file.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    before = rows(path, "SELECT count(*) FROM change_log")[0][0]
    out = run_cli(seeded_url, "promotion", "load", str(file)).stdout
    assert "2 promotions and 1 member levels loaded (3 created or updated)" in out
    added = rows(path, f"SELECT entity, key, op FROM change_log WHERE id > {before} "
                       "ORDER BY id")
    assert added == [("member_level", "PLATINUM", "upsert"), ("promotion", "PROMO-TEA", "upsert"),
                     ("promotion", "PROMO-SPEND", "upsert")]
    assert "(0 created or updated)" in run_cli(seeded_url, "promotion", "load",
                                               str(file)).stdout

    out = run_cli(seeded_url, "promotion", "disable", "PROMO-TEA").stdout
    assert "promotion PROMO-TEA disabled" in out
    [(data, active)] = rows(path, "SELECT data, active FROM promotion WHERE id = 'PROMO-TEA'")
    assert json.loads(data)["enabled"] is False and active == 0
    assert json.loads(data)["rate_bp"] == 8000 and "comment" not in json.loads(data)
    assert "already disabled" in run_cli(seeded_url, "promotion", "disable",
                                         "PROMO-TEA").stdout


@pytest.mark.parametrize("content, args, needle", [
    ("{\"rules\": [", None, "is not valid JSON"),
    ('{"rules": [{"id": "A", "name": "x", "kind": "raffle"}]}', None, "kind 'raffle'"),
    ('{"rules": [{"id": "A", "name": "x", "kind": "spend_reduce"}], "levels": []}', None,
     "unknown key 'levels'"),
    (None, ["promotion", "load", "/nonexistent/promos.json"], "cannot read"),
    (None, ["promotion", "disable", "PROMO-NOPE"], "no promotion with id 'PROMO-NOPE'"),
])
def test_promotion_bad_input_exits_2_and_writes_nothing(tmp_path, seeded_url, content, args,
                                                         needle):
    path = tmp_path / "hq.sqlite"
    if content is not None:
        file = tmp_path / "promos.json"
        file.write_text(content, encoding="utf-8")
        args = ["promotion", "load", str(file)]
    before = rows(path, "SELECT count(*) FROM change_log")
    proc = run_cli(seeded_url, *args, check=False)
    assert proc.returncode == 2
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1 and needle in lines[0] and lines[0].startswith("pos-hq: error:")
    assert rows(path, "SELECT count(*) FROM change_log") == before
