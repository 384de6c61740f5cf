"""Enrolment codes, device tokens and the auth dependency."""

from __future__ import annotations

import re
from datetime import timedelta
from pathlib import Path

from sqlalchemy import select, update

from hq_server.models import Terminal, utcnow
from hq_server.services import terminals
from tests.integration.hq.helpers import all_text, make_store_and_terminal

CODE_RE = re.compile(r"^[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}(-[ABCDEFGHJKMNPQRSTUVWXYZ23456789]{4}){2}$")


def test_codes_are_typable_and_random():
    codes = {terminals.new_enrol_code() for _ in range(200)}
    assert len(codes) == 200
    assert all(CODE_RE.match(c) for c in codes)
    assert terminals.normalise_code(" abcd-efgh-jkmn ") == "ABCD-EFGH-JKMN"
    assert terminals.normalise_code("abcdefghjkmn") == "ABCD-EFGH-JKMN"


def test_code_works_once_and_only_hashes_are_stored(client, db, db_url):
    code = make_store_and_terminal(db, "S001", "T01")
    assert CODE_RE.match(code)
    first = client.post("/api/v1/enroll", json={"code": code.lower(), "app_version": "0.1.0"})
    assert first.status_code == 200, first.text
    body = first.json()
    assert body["terminal_name"] == "T01" and body["store_code"] == "S001"
    assert body["store_name"] == "门店S001" and len(body["token"]) >= 40

    again = client.post("/api/v1/enroll", json={"code": code, "app_version": "0.1.0"})
    assert again.status_code == 401
    assert "already used" in again.json()["detail"]

    dump = all_text(db)
    assert body["terminal_id"] in dump  # the dump really holds the data
    assert body["token"] not in dump and code not in dump
    assert terminals.sha256_hex(body["token"]) in dump
    if db_url.startswith("sqlite:///"):
        path = Path(db_url.removeprefix("sqlite:///"))
        for f in (path, path.with_name(path.name + "-wal")):
            if f.exists():
                raw = f.read_bytes()
                assert body["token"].encode() not in raw and code.encode() not in raw


def test_bad_and_expired_codes(client, db):
    r = client.post("/api/v1/enroll", json={"code": "12", "app_version": "0.1.0"})
    assert r.status_code == 422 and "XXXX-XXXX-XXXX" in r.json()["detail"]
    r = client.post("/api/v1/enroll", json={"code": "AAAA-BBBB-CCCC", "app_version": "0.1.0"})
    assert r.status_code == 401 and isinstance(r.json()["detail"], str)
    r = client.post("/api/v1/enroll", json={"app_version": "0.1.0"})
    assert r.status_code == 422 and "code" in r.json()["detail"]

    code = make_store_and_terminal(db, "S001", "T02")
    with db.write() as session:
        session.execute(update(Terminal).values(enrol_expires_at=utcnow() - timedelta(hours=1)))
    r = client.post("/api/v1/enroll", json={"code": code, "app_version": "0.1.0"})
    assert r.status_code == 401 and "expired" in r.json()["detail"]
    with db.read() as session:
        assert session.scalar(select(Terminal.token_hash)) is None


def test_auth_401_and_403(client, db, till):
    body = till.push_body([])
    assert client.post("/api/v1/sync/push", json=body).status_code == 401
    r = client.post("/api/v1/sync/push", json=body, headers={"Authorization": "Bearer nope"})
    assert r.status_code == 401 and r.headers["www-authenticate"] == "Bearer"
    assert client.get("/api/v1/sync/changes").status_code == 401
    r = client.post("/api/v1/sync/push", json=body, headers={"Authorization": "Basic abc"})
    assert r.status_code == 401

    ok = client.post("/api/v1/sync/push", json=body, headers=till.auth)
    assert ok.status_code == 200, ok.text

    # A valid token used for another terminal's stream.
    other = till.push_body([], terminal_id=terminals.new_enrol_code())
    r = client.post("/api/v1/sync/push", json=other, headers=till.auth)
    assert r.status_code == 403 and "does not match" in r.json()["detail"]

    with db.write() as session:
        terminals.revoke(session, "S001", "T01")
    r = client.post("/api/v1/sync/push", json=body, headers=till.auth)
    assert r.status_code == 401 and "revoked" in r.json()["detail"]
    assert client.get("/api/v1/sync/changes", headers=till.auth).status_code == 401
