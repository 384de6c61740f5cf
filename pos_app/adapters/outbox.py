"""Building and reading outbox rows: gapless seq, HLC, and the hash chain of DESIGN §6."""

from __future__ import annotations

import json
import time
from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from pos_app.adapters import orm
from pos_app.domain.hlc import Hlc, tick
from pos_app.domain.ids import new_id
from sync.protocol import GENESIS_HASH, EventEnvelope, event_hash

LAST_HLC = "hlc.last"


def build_event(*, seq: int, prev_hash: str | None, type: str, v: int, payload: dict[str, Any],
                occurred_at: str, business_date: str, store_id: str, terminal_id: str,
                actor_id: str | None, hlc: str) -> dict[str, Any]:
    """The outbox row's columns, hashed per DESIGN §6."""
    fields = {
        "event_id": new_id(), "terminal_id": terminal_id, "seq": seq, "type": type, "v": v,
        "occurred_at": occurred_at, "hlc": hlc, "business_date": business_date,
        "store_id": store_id, "actor_id": actor_id, "payload": payload,
        "prev_hash": prev_hash or GENESIS_HASH,
    }
    digest = event_hash(fields)
    return {**fields, "payload": _payload_json(payload), "hash": digest}


def to_envelope(row: orm.OutboxRow) -> EventEnvelope:
    return EventEnvelope(
        event_id=row.event_id, terminal_id=row.terminal_id, seq=row.seq, type=row.type, v=row.v,
        occurred_at=row.occurred_at, hlc=row.hlc, business_date=row.business_date,
        store_id=row.store_id, actor_id=row.actor_id, payload=json.loads(row.payload),
        prev_hash=row.prev_hash, hash=row.hash,
    )


def next_hlc_for(node: str):
    """An HLC source for outbox rows: ticks the last HLC stored in the same transaction."""

    setting = orm.SettingRow.__table__

    def next_hlc(session: Session) -> str:
        stored = session.execute(
            select(setting.c.value).where(setting.c.key == LAST_HLC)).scalar_one_or_none()
        last = Hlc.parse(json.loads(stored)) if stored else None
        stamp = str(tick(last, time.time_ns() // 1_000_000, node))
        session.execute(
            sqlite_insert(setting).values(key=LAST_HLC, value=json.dumps(stamp))
            .on_conflict_do_update(index_elements=[setting.c.key],
                                   set_={"value": json.dumps(stamp)}))
        return stamp

    return next_hlc


def _payload_json(payload: dict[str, Any]) -> str:
    return json.dumps(payload, ensure_ascii=False, sort_keys=True, separators=(",", ":"))
