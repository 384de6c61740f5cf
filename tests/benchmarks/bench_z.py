"""Z report over a 5,000-sale business day in a real till file (DESIGN §11: < 100 ms).

`bench_z_report(workdir)` rings the day through the real services (scan, price, complete: sale,
lines, tenders, hash-chained outbox rows and print jobs) spread over the store's hours, with
cash, card and mobile tenders, a shift with paid-outs and some refunds; the set-up runs with
synchronous=OFF, which only speeds up building the file. Then it measures, interleaved sample
by sample:

- z_report: the Z totals as the day close computes them (services.day_close.day_totals: SQL
  aggregates in a readonly unit of work, then the pure z_totals), p50 / p99;
- baseline: raw `sqlite3` running `SELECT count(*), sum(total_fen) FROM sale WHERE
  business_date = ?` on the same file.

Finally the day is closed once for real (row, event, print job, fsync) and that time reported.
"""

from __future__ import annotations

import dataclasses
import json
import sqlite3
import sys
import tempfile
import time
from datetime import UTC, datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

from sqlalchemy import event

from pos_app.domain.business_day import open_business_date
from pos_app.domain.ids import new_id
from pos_app.domain.tender import TenderKind, TenderOffer
from pos_app.services import approvals, day_close, shifts
from pos_app.services.checkout import CURRENT_SHIFT_KEY
from pos_app.services.events import REFUND_COMPLETED
from pos_app.services.refund_repository import RefundRecord
from tests.benchmarks.stats import summary
from tests.till_fixtures import CASHIER, MANAGER, PRODUCTS, open_seeded_till

SALES = 5_000
ROUNDS = 50
TARGET_P99_MS = 100
DAY = "2026-11-23"
WECHAT_CODE = "134567890123456789"
BASELINE_SQL = "SELECT count(*), sum(total_fen) FROM sale WHERE business_date = ?"


class BenchClock:
    """Store-local 08:00 onwards, a few seconds per call, so sales spread over the day."""

    def __init__(self, span_s: float) -> None:
        self.current = datetime.fromisoformat(f"{DAY} 08:00").replace(
            tzinfo=ZoneInfo("Asia/Shanghai")).astimezone(UTC)
        self.step = timedelta(seconds=span_s)

    def now(self) -> datetime:
        return self.current

    def tick(self) -> None:
        self.current += self.step


def _fast_writes(engine) -> object:
    """synchronous=OFF for building the file (new connections only: the pool is emptied)."""

    def listener(dbapi_conn, _record) -> None:
        dbapi_conn.execute("PRAGMA synchronous=OFF")

    event.listen(engine, "connect", listener)
    engine.dispose()
    return listener


def _refund(till, receipt_no: str) -> None:
    """A one-unit cash return of the sale's first line, as the refund service writes it."""
    now = till.clock.now()
    with till.uow_factory() as uow:
        identity = uow.settings.identity()
        sale = uow.sales.by_receipt_no(receipt_no)
        line = sale.lines[0]
        fen = line["final_fen"] // line["qty"]
        day = open_business_date(now, identity.timezone, approvals.last_closed(uow)).isoformat()
        refund_id = new_id()
        record = RefundRecord(
            id=refund_id, refund_no=f"R-{refund_id[-12:]}", business_date=day,
            created_at=now.isoformat(), staff_id="s-9001", staff_no=MANAGER[0], total_fen=fen,
            original_sale_id=sale.id, original_receipt_no=receipt_no,
            shift_id=uow.settings.get(CURRENT_SHIFT_KEY), reason="bench",
            lines=[{"original_sale_id": sale.id, "original_line_no": line["line_no"],
                    "product_id": line["product_id"], "sku": line["sku"],
                    "name": line["name"], "category_id": line["category_id"], "qty": 1,
                    "amount_fen": fen}],
            tenders=[{"kind": "cash", "amount_fen": fen, "reference": None, "provider": None,
                      "status": "confirmed"}])
        uow.refunds.add(record)
        uow.outbox.append(
            type=REFUND_COMPLETED, v=1,
            payload={"refund_id": refund_id, "refund_no": record.refund_no,
                     "original_sale_id": sale.id, "original_receipt_no": receipt_no,
                     "staff_id": "s-9001", "staff_no": MANAGER[0], "approved_by": None,
                     "reason": "bench", "shift_id": record.shift_id,
                     "lines": [{"original_line_no": line["line_no"],
                                "product_id": line["product_id"], "sku": line["sku"],
                                "name": line["name"], "qty": 1, "amount_fen": fen}],
                     "total_fen": fen,
                     "tenders": [{"kind": "cash", "amount_fen": fen, "tendered_fen": fen,
                                  "change_fen": 0, "reference": None, "provider": None,
                                  "status": "confirmed"}]},
            occurred_at=now.isoformat(), business_date=day, store_id=identity.store_id,
            terminal_id=identity.terminal_id, actor_id="s-9001")
        uow.commit()


def build_day(workdir: Path, sales: int):
    """A till file holding one business day of `sales` sales (1–6 lines each)."""
    app = open_seeded_till(workdir / "till", lang="en")
    clock = BenchClock(span_s=13 * 3600 / max(sales, 1))
    till = dataclasses.replace(app.till, clock=clock)
    listener = _fast_writes(app.engine)
    cashier, manager = till.login(*CASHIER), till.login(*MANAGER)
    shifts.open_shift(till.uow_factory, clock, cashier, 50_000)
    lines = 0
    for n in range(sales):
        sale = till.new_sale()
        for k in range(1 + n % 6):
            till.scan(sale, f"{PRODUCTS[(n + k) % len(PRODUCTS)][0]}*{1 + (n + k) % 3}")
        lines += len(sale.lines)
        total = sale.total_fen
        if n % 5 == 1:
            offers = [TenderOffer(TenderKind.CARD, total, reference=f"RRN{n:06d}")]
        elif n % 7 == 2:
            offers = [TenderOffer(TenderKind.MOBILE, total, reference=WECHAT_CODE)]
        else:
            offers = [TenderOffer(TenderKind.CASH, total + 100 - total % 100)]
        done = till.complete_sale(cashier, sale, offers)
        if n % 100 == 99:
            _refund(till, done.receipt_no)
        if n % 500 == 250:
            shifts.move_cash(till.uow_factory, clock, till.translate, till.hasher, manager,
                             "paid_out", 2_000, "bench")
        clock.tick()
    shifts.close_shift(till.uow_factory, clock, till.translate, cashier, 0)
    event.remove(app.engine, "connect", listener)
    app.engine.dispose()  # measured work runs with the till's own pragmas again
    return app, till, lines


def bench_z_report(workdir: Path, sales: int = SALES, rounds: int = ROUNDS) -> dict:
    start = time.perf_counter()
    app, till, lines = build_day(workdir, sales)
    build_s = time.perf_counter() - start
    raw = sqlite3.connect(app.data_dir / "till.sqlite")
    ours, theirs = [], []
    totals = None
    for _ in range(rounds):
        start = time.perf_counter()
        totals = day_close.day_totals(till.uow_factory, till.clock, DAY)
        ours.append(time.perf_counter() - start)
        start = time.perf_counter()
        count, _ = raw.execute(BASELINE_SQL, (DAY,)).fetchone()
        theirs.append(time.perf_counter() - start)
    raw.close()
    if totals is None or totals["sales_count"] != sales or count != sales:
        raise AssertionError(f"the bench day holds {count} sales, the Z says "
                             f"{totals and totals['sales_count']}, expected {sales}")
    manager = till.login(*MANAGER)
    start = time.perf_counter()
    closed = day_close.close_day(till.uow_factory, till.clock, till.translate, till.hasher,
                                 manager)
    close_s = time.perf_counter() - start
    app.close()
    if closed.totals != totals:
        raise AssertionError("the day close recorded other totals than the Z computed")
    result = {"z_report": summary(ours), "baseline_count_sum_sql": summary(theirs)}
    result["p50_ratio"] = round(result["z_report"]["p50_ms"] /
                                result["baseline_count_sum_sql"]["p50_ms"], 2)
    result["p99_ratio"] = round(result["z_report"]["p99_ms"] /
                                result["baseline_count_sum_sql"]["p99_ms"], 2)
    result["target_p99_ms_max"] = TARGET_P99_MS
    result["close_day_once_ms"] = round(close_s * 1000, 3)
    result["sales"] = sales
    result["sale_lines"] = lines
    result["refunds"] = totals["refunds_count"]
    result["build_s"] = round(build_s, 1)
    return result


def main() -> int:
    with tempfile.TemporaryDirectory(prefix="pos-bench-z-") as tmp:
        json.dump(bench_z_report(Path(tmp)), sys.stdout, indent=2, ensure_ascii=False)
    print()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
