"""The `pos-hq` command line, run as a real subprocess."""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from pathlib import Path

import pytest

from tests.hq_process import add_terminal, run_cli, seed_demo

CODE_RE = re.compile(r"^[A-Z2-9]{4}-[A-Z2-9]{4}-[A-Z2-9]{4}$")


def rows(db_path: Path, sql: str):
    with sqlite3.connect(db_path) as conn:
        return conn.execute(sql).fetchall()


def test_seed_demo_is_idempotent_and_terminal_add_prints_the_code_last(tmp_path, sqlite_url):
    path = tmp_path / "hq.sqlite"
    out = seed_demo(sqlite_url)
    assert "S001" in out and "199 products" in out
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
