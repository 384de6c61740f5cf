"""`make bench`: one JSON object; each figure stands next to its baseline from the same run.

checkout_commit: completing a 20-line cash sale through the services (sale, lines, tender,
receipt counter, hash-chained outbox row and print job in one transaction, synchronous=FULL),
against raw `sqlite3` writing the same rows with the same pragmas. The two are interleaved so
disk and CPU noise hit both alike. Target (DESIGN §11): p99 ratio ≤ 3.

lookup_200k_skus: barcode / PLU / scale label → product and name / pinyin search over a
200k-SKU till file, each next to raw sqlite3 reading the same rows (tests/benchmarks/bench_lookup).

priced_scan_200k_skus: a scan added to an open sale of up to 20 lines and the whole sale priced
with every demo promotion and member level, next to a raw sqlite3 barcode lookup
(tests/benchmarks/bench_pricing). Target: p99 < 2 ms.

z_report_5000_sales: the Z totals of a 5,000-sale business day (SQL aggregates), next to raw
sqlite3 counting and summing the same day's sales (tests/benchmarks/bench_z). Target: p99 < 100 ms.
"""

from __future__ import annotations

import json
import platform
import sqlite3
import sys
import tempfile
import time
from pathlib import Path

from pos_app.domain.sale import Sale
from tests.benchmarks.bench_lookup import bench_lookup
from tests.benchmarks.bench_pricing import bench_priced_scan
from tests.benchmarks.bench_z import bench_z_report
from tests.benchmarks.stats import summary
from tests.till_fixtures import CASHIER, PRODUCTS, open_seeded_till

ROUNDS = 300
LINES = 20


def twenty_line_sale(till) -> Sale:
    """20 distinct lines: the 5 seeded products at varying quantities, unmerged."""
    sale = till.new_sale()
    for n in range(LINES):
        code = PRODUCTS[n % len(PRODUCTS)][0]
        till.scan(sale, f"{code}*{1 + n % 3}")
    return sale


class RawWriter:
    """The same rows, written with plain sqlite3 and precomputed values."""

    def __init__(self, path: Path, rows: dict[str, list[dict]]) -> None:
        self.conn = sqlite3.connect(path, isolation_level=None)
        for pragma in ("journal_mode=WAL", "synchronous=FULL", "foreign_keys=ON"):
            self.conn.execute(f"PRAGMA {pragma}")
        self.rows = rows
        self.conn.executescript(Path(path).with_suffix(".sql").read_text())
        self.n = 0

    def write_one(self) -> None:
        self.n += 1
        suffix = f"-{self.n}"
        c = self.conn
        c.execute("BEGIN IMMEDIATE")
        c.execute("INSERT INTO receipt_counter VALUES (?, ?) ON CONFLICT(business_date) DO "
                  "UPDATE SET last_no = last_no + 1", ("2026-01-01", 1))
        for table, rows in self.rows.items():
            for row in rows:
                row = {k: (v + suffix if k in _UNIQUE.get(table, ()) else v)
                       for k, v in row.items()}
                if table == "outbox":
                    row["seq"] = self.n
                cols = ",".join(row)
                c.execute(f"INSERT INTO {table} ({cols}) VALUES ({','.join('?' * len(row))})",
                          list(row.values()))
        c.execute("COMMIT")


_UNIQUE = {"sale": ("id", "receipt_no"), "sale_line": ("sale_id",),
           "sale_tender": ("sale_id",), "outbox": ("event_id",), "print_job": ("id",)}


def capture_rows(data_dir: Path) -> dict[str, list[dict]]:
    conn = sqlite3.connect(data_dir / "till.sqlite")
    conn.row_factory = sqlite3.Row
    out = {}
    for table in ("sale", "sale_line", "sale_tender", "outbox", "print_job"):
        out[table] = [dict(r) for r in conn.execute(f"SELECT * FROM {table} LIMIT 25")]
    # Only the tables a sale writes (the catalog's search structures are not part of it).
    written = ("sale", "sale_line", "sale_tender", "outbox", "print_job", "receipt_counter")
    schema = "\n".join(
        f"{sql};" for (sql,) in conn.execute(
            "SELECT sql FROM sqlite_master WHERE type IN ('table','index') AND sql IS NOT NULL "
            f"AND tbl_name IN ({','.join('?' * len(written))})", written))
    conn.close()
    # Only the first sale's rows: one sale = 1 sale, 20 lines, 1 tender, 1 outbox, 1 print job.
    first = out["sale"][0]["id"]
    out["sale"] = out["sale"][:1]
    out["sale_line"] = [r for r in out["sale_line"] if r["sale_id"] == first]
    out["sale_tender"] = [r for r in out["sale_tender"] if r["sale_id"] == first]
    out["outbox"] = out["outbox"][:1]
    out["print_job"] = out["print_job"][:1]
    return {"_schema": schema, **out}


def bench_checkout(workdir: Path, rounds: int = ROUNDS) -> dict:
    app = open_seeded_till(workdir / "till", lang="en")
    till = app.till
    staff = till.login(*CASHIER)
    warm = twenty_line_sale(till)
    till.complete_cash_sale(staff, warm, warm.total_fen)
    rows = capture_rows(app.data_dir)
    raw_path = workdir / "raw.sqlite"
    raw_path.with_suffix(".sql").write_text(rows.pop("_schema"))
    raw = RawWriter(raw_path, rows)
    ours, theirs = [], []
    for _ in range(rounds):
        sale = twenty_line_sale(till)  # scanning is not part of the commit figure
        start = time.perf_counter()
        till.complete_cash_sale(staff, sale, sale.total_fen)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        raw.write_one()
        theirs.append(time.perf_counter() - start)
    app.close()
    result = {"till": summary(ours), "raw_sqlite3": summary(theirs)}
    result["p50_ratio"] = round(result["till"]["p50_ms"] / result["raw_sqlite3"]["p50_ms"], 2)
    result["p99_ratio"] = round(result["till"]["p99_ms"] / result["raw_sqlite3"]["p99_ms"], 2)
    result["target_p99_ratio_max"] = 3
    result["lines_per_sale"] = LINES
    return result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pos-bench-") as tmp:
        report = {
            "python": platform.python_version(),
            "sqlite": sqlite3.sqlite_version,
            "checkout_commit_20_lines": bench_checkout(Path(tmp)),
            "lookup_200k_skus": bench_lookup(Path(tmp) / "lookup"),
            "priced_scan_200k_skus": bench_priced_scan(Path(tmp) / "pricing"),
            "z_report_5000_sales": bench_z_report(Path(tmp) / "z"),
        }
    json.dump(report, sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
