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
from sync.protocol import GENESIS_HASH, SALE_COMPLETED, event_hash

CST = timezone(timedelta(hours=8))


def make_store_and_terminal(db: Database, store_code: str, name: str) -> str:
    """Create (or reuse) a store and a new terminal; return its enrolment code."""
    with db.write() as session:
        store = session.scalar(select(Store).where(Store.code == store_code))
        if store is None:
            catalog.upsert_store(session, store_code, f"门店{store_code}")
        return terminals.create_terminal(session, store_code, name).code


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


@dataclass
class Till:
    """A fake till: a gapless, hash-chained event stream for one terminal."""

    terminal_id: str
    store_id: str
    token: str
    seq: int = 0
    last_hash: str = GENESIS_HASH
    sold: list[int] = field(default_factory=list)

    @classmethod
    def from_enrolment(cls, body: dict[str, Any]) -> Till:
        return cls(terminal_id=body["terminal_id"], store_id=body["store_id"],
                   token=body["token"])

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
