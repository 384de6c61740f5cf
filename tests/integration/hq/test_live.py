"""The real thing: `pos-hq serve` under uvicorn in a subprocess, on SQLite and PostgreSQL."""

from __future__ import annotations

import gzip
import json
import threading
from collections import Counter

import httpx
import pytest

from tests.hq_process import add_terminal, run_cli, running_hq, seed_demo
from tests.integration.hq.helpers import Till


@pytest.fixture(scope="module",
                params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def live(request, tmp_path_factory):
    """One seeded HQ per backend for this module; each test enrols its own terminal."""
    if request.param == "sqlite":
        url = f"sqlite:///{tmp_path_factory.mktemp('live') / 'hq.sqlite'}"
    else:
        server = request.getfixturevalue("pg_server")
        url = server.create_database()
    seed_demo(url)
    try:
        with running_hq(url) as hq:
            yield hq
    finally:
        if request.param == "postgres":
            server.drop_database(url)


def enrol(hq, name: str) -> Till:
    code = add_terminal(hq.db_url, "S001", name)
    r = httpx.post(hq.url + "/api/v1/enroll", json={"code": code, "app_version": "0.1.0"})
    assert r.status_code == 200, r.text
    assert httpx.post(hq.url + "/api/v1/enroll",
                      json={"code": code, "app_version": "0.1.0"}).status_code == 401
    return Till.from_enrolment(r.json())


@pytest.mark.slow
def test_enrol_push_pull_report_and_restart(live):
    till = enrol(live, "T01")
    with httpx.Client(base_url=live.url, headers=till.auth, timeout=10) as http:
        events = till.events(5)
        body = gzip.compress(json.dumps(till.push_body(events)).encode())
        r = http.post("/api/v1/sync/push", content=body,
                      headers={"Content-Encoding": "gzip", "Content-Type": "application/json"})
        assert r.status_code == 200, r.text
        assert r.json()["acked_through_seq"] == 5

        pulled = http.get("/api/v1/sync/changes", params={"since": 0, "limit": 1000}).json()
        assert len(pulled["changes"]) > 200 and not pulled["has_more"]

        live.stop()
        with pytest.raises(httpx.ConnectError):
            http.get("/healthz")
        live.start()  # same port, same database

        resent = http.post("/api/v1/sync/push", json=till.push_body([*events, till.event()]))
        assert [x["status"] for x in resent.json()["results"]] == ["duplicate"] * 5 + ["applied"]

    today = events[0]["business_date"]
    report = json.loads(run_cli(live.db_url, "report", "sales", "--date", today, "--json").stdout)
    row = next(t for t in report["terminals"] if t["terminal_id"] == till.terminal_id)
    assert (row["terminal_name"], row["count"], row["total_fen"], row["last_seq"]) == \
        ("T01", 6, sum(till.sold), 6)
    assert report["count"] == 6


@pytest.mark.slow
def test_concurrent_pushes_of_one_batch_count_once(live):
    till = enrol(live, "T02")
    body = till.push_body(till.events(30))
    threads, statuses, codes = 8, Counter(), []
    barrier = threading.Barrier(threads)
    lock = threading.Lock()

    def worker():
        with httpx.Client(base_url=live.url, headers=till.auth, timeout=30) as http:
            barrier.wait()
            r = http.post("/api/v1/sync/push", json=body)
        with lock:
            codes.append(r.status_code)
            if r.status_code == 200:
                statuses.update(x["status"] for x in r.json()["results"])

    pool = [threading.Thread(target=worker) for _ in range(threads)]
    for t in pool:
        t.start()
    for t in pool:
        t.join(60)
    assert codes == [200] * threads
    assert statuses == {"applied": 30, "duplicate": 30 * (threads - 1)}

    dash = httpx.get(live.url + "/api/v1/dashboard").json()
    term = next(t for s in dash["stores"] for t in s["terminals"] if t["id"] == till.terminal_id)
    assert (term["last_seq"], term["sales_today_count"]) == (30, 30)
    assert term["sales_today_total_fen"] == sum(till.sold) and term["online"] is True
