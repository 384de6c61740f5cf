"""Driving a real till and a real HQ from e2e tests."""

from __future__ import annotations

import json
import sqlite3
import subprocess
import sys
from pathlib import Path

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
    return {row["terminal_name"]: row for row in json.loads(result.stdout)["terminals"]}


def till_barcodes(data_dir: Path, n: int) -> list[tuple[str, int]]:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return conn.execute("SELECT b.code, p.price_fen FROM barcode b JOIN product p ON "
                            "p.id = b.product_id ORDER BY b.code LIMIT ?", (n,)).fetchall()
    finally:
        conn.close()


def till_sales_total(data_dir: Path) -> int:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    try:
        return conn.execute("SELECT coalesce(sum(total_fen), 0) FROM sale").fetchone()[0]
    finally:
        conn.close()
