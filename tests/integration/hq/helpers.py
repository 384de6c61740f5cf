"""Building hash-chained events the way a till does, and small DB helpers for the HQ tests."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta, timezone
from typing import Any

from sqlalchemy import select, text

from hq_server.db import Database
from hq_server.models import Base, Store
from hq_server.services import catalog, terminals
from pos_app.domain.ids import new_id
from sync.protocol import (
    DAY_CLOSED,
    GENESIS_HASH,
    REFUND_COMPLETED,
    SALE_COMPLETED,
    event_hash,
)

CST = timezone(timedelta(hours=8))


def make_store_and_terminal(db: Database, store_code: str, name: str) -> str:
    """Create (or reuse) a store and a new terminal; return its enrolment code."""
    with db.write() as session:
        store = session.scalar(select(Store).where(Store.code == store_code))
        if store is None:
            catalog.upsert_store(session, store_code, f"门店{store_code}")
        return terminals.create_terminal(session, store_code, name).code


def enrol(client, db: Database, store_code: str, name: str) -> Till:
    """Create a terminal (and its store if needed) and enrol it over the API."""
    code = make_store_and_terminal(db, store_code, name)
    response = client.post("/api/v1/enroll", json={"code": code, "app_version": "0.1.0"})
    assert response.status_code == 200, response.text
    return Till.from_enrolment(response.json())


def sale_payload(total_fen: int = 350, n: int = 1) -> dict[str, Any]:
    return {
        "sale_id": new_id(), "receipt_no": f"S001-T01-20240501-{n:04d}", "staff_id": new_id(),
        "staff_no": "1001",
        "lines": [{"line_no": 1, "product_id": new_id(), "sku": "010001",
                   "barcode": "6901234567892", "name": "可口可乐 330ml", "qty": 1,
                   "unit_price_fen": total_fen, "amount_fen": total_fen}],
        "total_fen": total_fen,
        "tenders": [{"kind": "cash", "amount_fen": total_fen, "tendered_fen": total_fen,
                     "change_fen": 0}],
    }


def sale_v2_payload(lines: list[tuple[str, int, int]], receipt_no: str, *,
                    discount_fen: int = 0, rounding_fen: int = 0,
                    sale_id: str | None = None) -> dict[str, Any]:
    """A sale.completed v2 payload. `lines`: (sku, qty, final_fen); the first line carries the
    whole discount and rounding (HQ does not check how they were allocated)."""
    built, original_total = [], 0
    for n, (sku, qty, final) in enumerate(lines, start=1):
        original = final + (discount_fen + rounding_fen if n == 1 else 0)
        original_total += original
        discounts = [{"rule_id": "PROMO-SPEND", "rule_name": "满50减5", "kind": "spend_reduce",
                      "stage": "order", "amount_fen": discount_fen}] \
            if n == 1 and discount_fen else []
        built.append({"line_no": n, "product_id": PRODUCT_IDS.setdefault(sku, new_id()),
                      "sku": sku, "barcode": None, "name": f"商品{sku}", "category_id": None,
                      "qty": qty, "unit_price_fen": original // max(qty, 1),
                      "regular_price_fen": original // max(qty, 1), "original_fen": original,
                      "final_fen": final, "discounts": discounts})
    total = sum(final for _, _, final in lines)
    return {
        "sale_id": sale_id or new_id(), "receipt_no": receipt_no, "staff_id": new_id(),
        "staff_no": "1001", "shift_id": None, "member_id": None, "member_level": None,
        "lines": built, "original_fen": original_total, "discount_fen": discount_fen,
        "rounding_fen": rounding_fen, "total_fen": total,
        "tenders": [{"kind": "cash", "amount_fen": total, "tendered_fen": total + 50,
                     "change_fen": 50},
                    ] if total else [],
        "voided_lines": [],
    }


# One product id per SKU, shared by every sale and refund the tests build.
PRODUCT_IDS: dict[str, str] = {}


def refund_payload(sale: dict[str, Any] | None, lines: list[tuple[int, int, int]],
                   refund_no: str, *, by_receipt_only: bool = False) -> dict[str, Any]:
    """A refund.completed payload returning `lines` (original line_no, qty, amount_fen) of
    `sale` (a sale payload; None: a return without receipt). A line_no the sale does not have
    gets a product of its own."""
    by_no = {line["line_no"]: line for line in (sale or {}).get("lines", [])}
    built = []
    for line_no, qty, amount in lines:
        original = by_no.get(line_no, {"product_id": new_id(), "sku": "999999",
                                        "name": "无此商品"})
        built.append({"original_line_no": line_no if sale else None,
                      "product_id": original["product_id"], "sku": original["sku"],
                      "name": original["name"], "qty": qty, "amount_fen": amount})
    total = sum(amount for _, _, amount in lines)
    return {
        "refund_id": new_id(), "refund_no": refund_no,
        "original_sale_id": None if (sale is None or by_receipt_only) else sale["sale_id"],
        "original_receipt_no": sale["receipt_no"] if sale else None,
        "staff_id": new_id(), "staff_no": "9001", "approved_by": "9001", "reason": "质量问题",
        "shift_id": None, "lines": built, "total_fen": total,
        "tenders": [{"kind": "cash", "amount_fen": total, "tendered_fen": total,
                     "change_fen": 0}],
    }


def z_totals(business_date: str, *, sales_count: int, sales_fen: int, refunds_count: int = 0,
             refunds_fen: int = 0, net_fen: int | None = None) -> dict[str, Any]:
    net = sales_fen - refunds_fen if net_fen is None else net_fen
    return {
        "business_date": business_date, "sales_count": sales_count, "sales_fen": sales_fen,
        "original_fen": sales_fen, "discount_fen": 0, "rounding_fen": 0,
        "refunds_count": refunds_count, "refunds_fen": refunds_fen, "net_fen": net,
        "voids_count": 0, "voids_fen": 0, "paid_in_fen": 0, "paid_out_fen": 0,
        "by_tender": {"cash": net}, "by_category": {"": net}, "by_cashier": {"1001": net},
        "by_hour": {"10": sales_fen}, "first_seq": 1, "last_seq": None,
    }


def day_closed_payload(business_date: str, **figures: int) -> dict[str, Any]:
    return {"business_date": business_date, "closed_by": "9001",
            "totals": z_totals(business_date, **figures)}


@dataclass
class Till:
    """A fake till: a gapless, hash-chained event stream for one terminal."""

    terminal_id: str
    store_id: str
    token: str
    name: str = "T01"
    seq: int = 0
    last_hash: str = GENESIS_HASH
    sold: list[int] = field(default_factory=list)

    @classmethod
    def from_enrolment(cls, body: dict[str, Any]) -> Till:
        return cls(terminal_id=body["terminal_id"], store_id=body["store_id"],
                   token=body["token"], name=body["terminal_name"])

    @property
    def auth(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.token}"}

    def event(self, type: str = SALE_COMPLETED, payload: dict[str, Any] | None = None,
              business_date: str | None = None, **overrides: Any) -> dict[str, Any]:
        """The next event of the stream (overrides are applied before hashing)."""
        self.seq += 1
        now = datetime.now(CST)
        if payload is None and type == SALE_COMPLETED:
            total = 100 * self.seq + 50
            payload = sale_payload(total, self.seq)
            self.sold.append(total)
        fields = {
            "event_id": new_id(), "terminal_id": self.terminal_id, "seq": self.seq,
            "type": type, "v": 1, "occurred_at": now.isoformat(),
            "hlc": f"{int(now.timestamp() * 1000):013d}:0000:{self.terminal_id}",
            "business_date": business_date or now.date().isoformat(),
            "store_id": self.store_id, "actor_id": None, "payload": payload or {},
            "prev_hash": self.last_hash, **overrides,
        }
        fields["hash"] = event_hash(fields)
        self.last_hash = fields["hash"]
        return fields

    def events(self, n: int) -> list[dict[str, Any]]:
        return [self.event() for _ in range(n)]

    def receipt(self, n: int, day: str = "2024-05-01") -> str:
        return f"S001-{self.name}-{day.replace('-', '')}-{n:04d}"

    def sale_v2(self, lines: list[tuple[str, int, int]], n: int, day: str = "2024-05-01",
                **kwargs: Any) -> dict[str, Any]:
        """The next event: a v2 sale of `lines` (sku, qty, final_fen), receipt no. n."""
        return self.event(SALE_COMPLETED, sale_v2_payload(lines, self.receipt(n, day), **kwargs),
                          business_date=day, v=2)

    def refund(self, sale: dict[str, Any] | None, lines: list[tuple[int, int, int]], n: int,
               day: str = "2024-05-01", **kwargs: Any) -> dict[str, Any]:
        """The next event: a refund of `lines` (original line_no, qty, amount_fen) of `sale`
        (a sale *event*, from any till; None: without receipt)."""
        payload = refund_payload(sale["payload"] if sale else None, lines,
                                 f"R-{self.receipt(n, day)}", **kwargs)
        return self.event(REFUND_COMPLETED, payload, business_date=day)

    def day_closed(self, day: str = "2024-05-01", **figures: int) -> dict[str, Any]:
        return self.event(DAY_CLOSED, day_closed_payload(day, **figures), business_date=day)

    def push_body(self, events: list[dict[str, Any]], **overrides: Any) -> dict[str, Any]:
        body = {"terminal_id": self.terminal_id, "events": events, "outbox_depth": len(events),
                "oldest_pending_at": events[0]["occurred_at"] if events else None,
                "app_version": "0.1.0", "terminal_time": datetime.now(UTC).isoformat()}
        body.update(overrides)
        return body


def all_text(db: Database) -> str:
    """Every value of every HQ table (and the Alembic version table), as one string."""
    chunks = []
    with db.read() as session:
        for table in Base.metadata.sorted_tables:
            for row in session.execute(table.select()):
                chunks.append(repr(tuple(row)))
        chunks.append(repr(session.execute(text("SELECT * FROM alembic_version")).all()))
    return "\n".join(chunks)
