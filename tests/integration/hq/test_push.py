"""POST /api/v1/sync/push (DESIGN §7): idempotency, gaps, the hash chain, quarantine, gzip."""

from __future__ import annotations

import gzip
import json
import zlib
from datetime import UTC, datetime, timedelta

from sqlalchemy import func, select

from hq_server.models import Event, Quarantine, Sale, Terminal

PUSH = "/api/v1/sync/push"


def push(client, till, events, **overrides):
    return client.post(PUSH, json=till.push_body(events, **overrides), headers=till.auth)


def count(db, model, *where) -> int:
    with db.read() as session:
        return session.scalar(select(func.count()).select_from(model).where(*where))


def terminal_row(db) -> Terminal:
    with db.read() as session:
        return session.scalars(select(Terminal)).one()


def test_applied_then_resent_batch_is_duplicate_and_counted_once(client, db, till):
    events = till.events(3)
    r = push(client, till, events)
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["acked_through_seq"] == 3
    assert [x["status"] for x in body["results"]] == ["applied"] * 3
    assert body["min_app_version"] == "0.1.0"
    assert datetime.fromisoformat(body["server_time"]).tzinfo is not None

    again = push(client, till, events).json()
    assert [x["status"] for x in again["results"]] == ["duplicate"] * 3
    assert again["acked_through_seq"] == 3
    # An overlapping batch: two old, one new.
    events.append(till.event())
    mixed = push(client, till, events[2:]).json()
    assert [x["status"] for x in mixed["results"]] == ["duplicate", "applied"]
    assert mixed["acked_through_seq"] == 4

    assert count(db, Event) == 4
    assert count(db, Sale) == 4
    with db.read() as session:
        assert session.scalar(select(func.sum(Sale.total_fen))) == sum(till.sold)
        assert session.scalar(select(Sale.receipt_no).where(Sale.event_seq == 1)) \
            == events[0]["payload"]["receipt_no"]
    assert not terminal_row(db).flagged


def test_gap_gets_409_with_expected_seq_and_stores_nothing(client, db, till):
    assert push(client, till, till.events(2)).status_code == 200
    till.event()  # seq 3 never sent
    r = push(client, till, [till.event(), till.event()])
    assert r.status_code == 409
    assert r.json()["expected_seq"] == 3 and "seq 3" in r.json()["detail"]
    assert count(db, Event) == 2
    assert terminal_row(db).last_seq == 2


def test_empty_push_reports_status(client, db, till):
    pending_since = datetime(2024, 5, 1, 9, 0, tzinfo=UTC)
    ahead = datetime.now(UTC) + timedelta(minutes=10)
    r = push(client, till, [], outbox_depth=7, oldest_pending_at=pending_since.isoformat(),
             terminal_time=ahead.isoformat(), app_version="0.2.0")
    assert r.status_code == 200 and r.json() == {**r.json(), "acked_through_seq": 0,
                                                 "results": []}
    row = terminal_row(db)
    assert row.outbox_depth == 7 and row.oldest_pending_at == pending_since
    assert row.app_version == "0.2.0" and 590 <= row.clock_skew_seconds <= 600
    assert row.last_seen_at is not None


def test_tampered_event_is_a_conflict_flagged_and_the_stream_goes_on(client, db, till):
    first = till.event()
    first["payload"]["total_fen"] += 1  # edited after hashing
    second = till.event()  # chained on the till's (original) hash
    body = push(client, till, [first, second]).json()
    assert [x["status"] for x in body["results"]] == ["conflict", "applied"]
    assert "hash does not match" in body["results"][0]["detail"]
    assert body["acked_through_seq"] == 2
    row = terminal_row(db)
    assert row.flagged and "seq 1" in row.flag_reason
    assert count(db, Quarantine, Quarantine.kind == "conflict") == 1
    assert count(db, Event, Event.status == "conflict") == 1


def test_broken_chain_is_flagged(client, db, till):
    assert push(client, till, till.events(1)).status_code == 200
    till.last_hash = "f" * 64  # the till lost an event (deleted sale) and chains on garbage
    body = push(client, till, [till.event()]).json()
    assert body["results"][0]["status"] == "conflict"
    assert "chain broken" in body["results"][0]["detail"]
    assert terminal_row(db).flagged and body["acked_through_seq"] == 2


def test_same_seq_with_other_hash_is_kept_in_quarantine_once(client, db, till):
    original = till.events(2)
    assert push(client, till, original).status_code == 200
    till.seq, till.last_hash = 1, original[0]["hash"]
    forged = till.event()  # a different seq 2 (e.g. the till restored an old backup)
    for _ in range(2):
        body = push(client, till, [forged]).json()
        assert body["results"][0]["status"] == "conflict"
        assert "different hash" in body["results"][0]["detail"]
        assert body["acked_through_seq"] == 2
    assert count(db, Quarantine, Quarantine.kind == "conflict") == 1
    assert count(db, Event) == 2 and count(db, Sale) == 2
    row = terminal_row(db)
    assert row.flagged and "different hash" in row.flag_reason


def test_unknown_type_and_bad_payload_are_quarantined_and_the_stream_goes_on(client, db, till):
    events = [till.event("loyalty.teleported", {"x": 1}),
              till.event(payload={"sale_id": "nope"}),
              till.event()]
    body = push(client, till, events).json()
    assert [x["status"] for x in body["results"]] == ["quarantined", "quarantined", "applied"]
    assert "unknown event type" in body["results"][0]["detail"]
    assert "invalid sale.completed payload" in body["results"][1]["detail"]
    assert body["acked_through_seq"] == 3
    with db.read() as session:
        reasons = session.scalars(select(Quarantine.reason).order_by(Quarantine.seq)).all()
        raw = session.scalars(select(Quarantine.raw).order_by(Quarantine.seq)).first()
    assert len(reasons) == 2 and raw["type"] == "loyalty.teleported"
    assert count(db, Sale) == 1 and count(db, Event) == 3
    assert not terminal_row(db).flagged  # not a conflict: just not applicable (yet)


def test_bad_requests_get_a_clear_4xx(client, db, till):
    def check(response, status, needle):
        assert response.status_code == status, response.text
        detail = response.json()["detail"]
        assert isinstance(detail, str) and needle in detail, detail

    check(client.post(PUSH, content=b"{not json", headers={**till.auth,
          "Content-Type": "application/json"}), 422, "not valid JSON")
    check(push(client, till, [], outbox_depth=-1), 422, "outbox_depth")
    check(push(client, till, [], terminal_time="yesterday"), 422, "terminal_time")
    check(push(client, till, [], terminal_time="2024-05-01T09:00:00"), 422, "UTC offset")
    a, _, c = till.event(), till.event(), till.event()
    check(push(client, till, [a, c]), 422, "consecutive")
    check(push(client, till, [a, a]), 422, "consecutive")
    foreign = {**a, "terminal_id": "another"}
    check(push(client, till, [foreign]), 422, "belongs to terminal")
    check(push(client, till, [{**a, "hash": "xyz"}]), 422, "64 lowercase hex")
    check(push(client, till, [{**a, "event_id": "x" * 500}]), 422, "UUID")
    check(push(client, till, [{**a, "seq": 0}]), 422, "seq")
    check(push(client, till, [{**a, "surprise": 1}]), 422, "surprise")
    check(push(client, till, [a] * 501), 422, "500")
    check(push(client, till, [{**a, "seq": 2**63}]), 422, "out of range")
    check(push(client, till, [], outbox_depth=2**40), 422, "out of range")
    check(push(client, till, [{**a, "type": "sale\x00completed"}]), 422, "NUL")
    check(client.post(PUSH, json=[1, 2], headers=till.auth), 422, "")
    assert count(db, Event) == 0 and terminal_row(db).last_seq == 0


def test_gzip_request_bodies(client, db, till):
    body = json.dumps(till.push_body(till.events(2))).encode()
    headers = {**till.auth, "Content-Type": "application/json", "Content-Encoding": "gzip"}
    r = client.post(PUSH, content=gzip.compress(body), headers=headers)
    assert r.status_code == 200, r.text
    assert r.json()["acked_through_seq"] == 2

    r = client.post(PUSH, content=b"\x1f\x8bnot really gzip", headers=headers)
    assert r.status_code == 400 and r.json()["detail"] == "request body is not valid gzip"
    r = client.post(PUSH, content=gzip.compress(body)[:-10], headers=headers)
    assert r.status_code == 400
    r = client.post(PUSH, content=zlib.compress(body),
                    headers={**headers, "Content-Encoding": "deflate"})
    assert r.status_code == 415 and "gzip" in r.json()["detail"]
    assert count(db, Event) == 2


def test_gzip_bomb_is_refused(client, till):
    from hq_server.middleware import MAX_INFLATED

    bomb = gzip.compress(b" " * (MAX_INFLATED + 1024))
    r = client.post(PUSH, content=bomb, headers={**till.auth, "Content-Encoding": "gzip",
                                                 "Content-Type": "application/json"})
    assert r.status_code == 413
