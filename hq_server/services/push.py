"""Receiving a terminal's events (DESIGN §7 push, §8 conflicts).

Rules:
- idempotent on (terminal_id, seq): an event HQ already holds with the same hash is
  `duplicate` and changes nothing;
- the batch must continue the stream: if it starts past last_seq + 1, HTTP 409 (SeqGap);
- every new event's hash is recomputed, and its prev_hash must equal the hash HQ holds for
  seq - 1. A break is stored (status `conflict`) and the terminal is flagged for the operator;
  the same seq coming back with a different hash is kept raw in quarantine and flagged too;
- an event HQ cannot apply (unknown type or version, invalid payload) is stored, kept in
  quarantine with the reason, and the stream goes on (`quarantined`);
- acked_through_seq is the highest contiguous seq stored;
- each stored event is projected by its applier (services.appliers); a fact that is valid but
  suspicious (a double return, a day close that does not reconcile) is applied and recorded as
  an anomaly with its terminal flagged (services.anomalies), never rejected.

Concurrency: the terminal row is locked first (SELECT ... FOR UPDATE on PostgreSQL; on SQLite
the write transaction itself began with BEGIN IMMEDIATE), so two concurrent pushes of one
batch run one after the other and the second sees only duplicates. The unique constraint on
(terminal_id, seq) is the backstop. Returns and sales then take a per-store advisory lock
(services.returns); a push never waits on another terminal's row (services.anomalies).
"""

from __future__ import annotations

import re
from datetime import datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from hq_server.models import Event, Quarantine, Terminal, utcnow
from hq_server.services import anomalies
from hq_server.services.appliers import APPLIERS, MAX_BIGINT, MAX_INT32, CannotApply
from hq_server.services.errors import BadInput, SeqGapError
from hq_server.services.terminals import TerminalPrincipal
from sync.protocol import (
    EventEnvelope,
    PushRequest,
    PushResponse,
    PushResult,
    event_hash,
)

__all__ = ["APPLIERS", "CannotApply", "push"]

HEX64 = re.compile(r"^[0-9a-f]{64}$")
UUID = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")


def parse_time(value: str, field: str) -> datetime:
    try:
        parsed = datetime.fromisoformat(value)
    except (TypeError, ValueError) as exc:
        raise BadInput(f"{field} is not an ISO-8601 time: {value!r}") from exc
    if parsed.tzinfo is None:
        raise BadInput(f"{field} needs a UTC offset, e.g. 2024-05-01T09:30:00+08:00")
    return parsed


def _check_envelope(event: EventEnvelope, terminal_id: str) -> None:
    """Shape problems that make an event unstorable: the whole batch is refused (422)."""
    where = f"event seq {event.seq}"
    if event.seq > MAX_BIGINT or event.v > MAX_INT32:
        raise BadInput(f"{where}: seq or v is out of range")
    if event.terminal_id != terminal_id:
        raise BadInput(f"{where} belongs to terminal {event.terminal_id}, not {terminal_id}")
    if not HEX64.match(event.hash) or not HEX64.match(event.prev_hash):
        raise BadInput(f"{where}: hash and prev_hash must be 64 lowercase hex digits")
    if not UUID.match(event.event_id):
        raise BadInput(f"{where}: event_id must be a UUID")
    for name, limit in (("type", 64), ("occurred_at", 64), ("business_date", 32),
                        ("store_id", 64)):
        value = getattr(event, name)
        if not 0 < len(value) <= limit or "\x00" in value:
            raise BadInput(f"{where}: {name} must be 1 to {limit} characters, without NUL")


_flag = anomalies.flag


def _quarantine(session: Session, terminal: Terminal, event: EventEnvelope, kind: str,
                reason: str) -> None:
    session.add(Quarantine(terminal_id=terminal.id, seq=event.seq, event_id=event.event_id[:64],
                           type=event.type[:64], kind=kind, reason=reason,
                           raw=event.model_dump()))


def _receive_new(session: Session, terminal: Terminal, event: EventEnvelope) -> PushResult:
    """`event.seq == terminal.last_seq + 1`: store it, check its chain, apply it."""
    problems = []
    if event_hash(event.model_dump()) != event.hash:
        problems.append(f"seq {event.seq}: hash does not match the event's content")
    if event.prev_hash != terminal.last_hash:
        problems.append(f"seq {event.seq}: prev_hash does not match the hash of seq "
                        f"{event.seq - 1} held at HQ (chain broken)")
    reused_id = session.scalar(select(Event.id).where(Event.event_id == event.event_id))
    if reused_id is not None:
        problems.append(f"seq {event.seq}: event_id {event.event_id} was already received")
    status, detail = "applied", None
    if problems:
        status, detail = "conflict", "; ".join(problems)
        _flag(terminal, detail)
        _quarantine(session, terminal, event, "conflict", detail)
    row = Event(event_id=None if reused_id else event.event_id, terminal_id=terminal.id,
                seq=event.seq, type=event.type, v=event.v, hash=event.hash,
                prev_hash=event.prev_hash, occurred_at=event.occurred_at,
                business_date=event.business_date, store_id=event.store_id, status=status,
                payload=event.payload, raw=event.model_dump())
    session.add(row)
    # Sales are the terminal's facts (DESIGN §8): even an event whose chain is broken is
    # counted; the flag tells the operator to look at it.
    applier = APPLIERS.get(event.type)
    try:
        if applier is None:
            raise CannotApply(f"unknown event type {event.type!r}")
        applier(session, terminal, event)  # appliers check everything before they write
    except CannotApply as exc:
        _quarantine(session, terminal, event, "unapplied", str(exc))
        if status == "applied":
            status, detail = "quarantined", str(exc)
        else:
            detail = f"{detail}; {exc}"
        row.status = status
    terminal.last_seq = event.seq
    terminal.last_hash = event.hash
    return PushResult(seq=event.seq, status=status, detail=detail)  # type: ignore[arg-type]


def _receive_old(session: Session, terminal: Terminal, event: EventEnvelope) -> PushResult:
    """`event.seq <= terminal.last_seq`: a resend. Same hash → duplicate; else a conflict."""
    held = session.scalar(select(Event).where(Event.terminal_id == terminal.id,
                                              Event.seq == event.seq))
    if held is not None and held.hash == event.hash:
        return PushResult(seq=event.seq, status="duplicate")
    reason = (f"seq {event.seq} was resent with a different hash "
              f"(HQ holds {held.hash[:12] if held else '?'}…, got {event.hash[:12]}…)")
    already = session.scalar(select(Quarantine.id).where(
        Quarantine.terminal_id == terminal.id, Quarantine.seq == event.seq,
        Quarantine.kind == "conflict", Quarantine.raw["hash"].as_string() == event.hash))
    if already is None:  # a resent conflicting event is kept once
        _flag(terminal, reason)
        _quarantine(session, terminal, event, "conflict", reason)
    return PushResult(seq=event.seq, status="conflict", detail=reason)


def push(session: Session, principal: TerminalPrincipal, request: PushRequest,
         min_app_version: str) -> PushResponse:
    principal.require(request.terminal_id)
    now = utcnow()
    terminal_time = parse_time(request.terminal_time, "terminal_time")
    oldest = (parse_time(request.oldest_pending_at, "oldest_pending_at")
              if request.oldest_pending_at else None)
    if request.outbox_depth > MAX_INT32:
        raise BadInput("outbox_depth is out of range")
    events = sorted(request.events, key=lambda e: e.seq)
    for i, event in enumerate(events):
        _check_envelope(event, principal.id)
        if i and event.seq != events[i - 1].seq + 1:
            raise BadInput(f"events must have consecutive seq numbers; seq "
                           f"{events[i - 1].seq} is followed by {event.seq}")

    terminal = session.scalar(select(Terminal).where(Terminal.id == principal.id)
                              .with_for_update())
    assert terminal is not None  # authenticated a moment ago; terminals are never deleted
    if events and events[0].seq > terminal.last_seq + 1:
        raise SeqGapError(expected_seq=terminal.last_seq + 1, got_seq=events[0].seq)

    results = []
    for event in events:
        if event.seq <= terminal.last_seq:
            results.append(_receive_old(session, terminal, event))
        else:
            results.append(_receive_new(session, terminal, event))

    anomalies.flag_pending(session, terminal)
    terminal.last_seen_at = now
    terminal.outbox_depth = request.outbox_depth
    terminal.oldest_pending_at = oldest
    terminal.app_version = request.app_version[:32]
    skew = round((terminal_time - now).total_seconds())
    terminal.clock_skew_seconds = max(-MAX_INT32, min(MAX_INT32, skew))
    session.commit()
    return PushResponse(acked_through_seq=terminal.last_seq, results=results,
                        server_time=now.isoformat(), min_app_version=min_app_version)
