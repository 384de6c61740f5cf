"""Fixtures for the HQ suite: each core test runs on SQLite and, when the PostgreSQL 15
binaries are installed, on PostgreSQL too (marked `postgres`)."""

from __future__ import annotations

import os
import warnings
from collections.abc import Iterator

import pytest
from pytest_postgresql import factories

from hq_server import migrate
from hq_server.app import create_app
from hq_server.db import Database
from hq_server.settings import Settings
from tests.hq_process import free_port
from tests.integration.hq import pg
from tests.integration.hq.helpers import Till, make_store_and_terminal

with warnings.catch_warnings():
    # Starlette 1.x wants the `httpx2` package for its TestClient and warns when it falls back
    # to `httpx` (which is what the lock pins). The fallback works; only this import warns.
    warnings.filterwarnings("ignore", message="Using `httpx` with `starlette.testclient`")
    from fastapi.testclient import TestClient

# Used only when not running as root (see pg.py for why root cannot use it).
hq_postgresql_proc = factories.postgresql_proc(executable=str(pg.PG_CTL), host="127.0.0.1")


@pytest.fixture(scope="session")
def pg_server(request) -> Iterator[pg.PgServer]:
    if not pg.available():
        pytest.skip(pg.SKIP_REASON)
    if os.geteuid() != 0:
        proc = request.getfixturevalue("hq_postgresql_proc")
        yield pg.PgServer(host=proc.host, port=int(proc.port), user=proc.user,
                          password=proc.password or None)
        return
    server = pg.RootPgServer(free_port())
    try:
        yield server.start()
    finally:
        server.stop()


@pytest.fixture(params=["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
def db_url(request, tmp_path) -> Iterator[str]:
    """A fresh, empty database URL on each backend."""
    if request.param == "sqlite":
        yield f"sqlite:///{tmp_path / 'hq.sqlite'}"
        return
    server: pg.PgServer = request.getfixturevalue("pg_server")
    url = server.create_database()
    try:
        yield url
    finally:
        server.drop_database(url)


@pytest.fixture
def sqlite_url(tmp_path) -> str:
    return f"sqlite:///{tmp_path / 'hq.sqlite'}"


@pytest.fixture
def db(db_url) -> Iterator[Database]:
    database = Database(db_url)
    migrate.upgrade(database)
    yield database
    database.dispose()


@pytest.fixture
def settings(db_url) -> Settings:
    return Settings(db_url=db_url)


@pytest.fixture
def client(settings, db) -> Iterator[TestClient]:
    with TestClient(create_app(settings, db)) as c:
        yield c


@pytest.fixture
def till(client, db) -> Till:
    """A terminal T01 of store S001, enrolled over the API: a Till that builds events."""
    code = make_store_and_terminal(db, "S001", "T01")
    response = client.post("/api/v1/enroll", json={"code": code, "app_version": "0.1.0"})
    assert response.status_code == 200, response.text
    return Till.from_enrolment(response.json())
