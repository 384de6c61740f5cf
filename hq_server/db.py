"""Engines and sessions for SQLite (one office machine) and PostgreSQL (a bigger chain).

SQLite: WAL so readers never wait on a writer, foreign keys on, a busy timeout, and write
transactions that start with BEGIN IMMEDIATE. The write lock is then taken before the first
read, so two pushes from one terminal (or two HQ processes) serialise: the second one reads
`last_seq` only after the first has committed. Read-only sessions use a deferred BEGIN.

PostgreSQL: `postgresql://` URLs are normalised to the psycopg 3 driver. Per-terminal
serialisation there is `SELECT ... FOR UPDATE` on the terminal row (see services.push).
"""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from sqlalchemy import Engine, create_engine, event
from sqlalchemy.engine import make_url
from sqlalchemy.exc import ArgumentError
from sqlalchemy.orm import Session, sessionmaker

from hq_server.services.errors import BadInput

BUSY_TIMEOUT_MS = 15_000
READONLY = "hq_readonly"


def normalise_url(url: str) -> str:
    url = (url or "").strip()
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix):]
    return url


def is_sqlite(engine: Engine) -> bool:
    return engine.dialect.name == "sqlite"


def is_postgres(engine: Engine) -> bool:
    return engine.dialect.name == "postgresql"


def make_engine(url: str) -> Engine:
    """An engine for `url`; raises BadInput for a URL we cannot use."""
    url = normalise_url(url)
    try:
        parsed = make_url(url)
    except ArgumentError as exc:
        raise BadInput(f"not a database URL: {url!r}") from exc
    backend = parsed.get_backend_name()
    if backend == "sqlite":
        return _sqlite_engine(url, parsed.database)
    if backend == "postgresql":
        if parsed.get_driver_name() != "psycopg":
            raise BadInput("PostgreSQL URLs must use the psycopg driver (postgresql://...)")
        return create_engine(url, pool_pre_ping=True, connect_args={"connect_timeout": 5})
    raise BadInput(f"unsupported database {backend!r}: use sqlite:///PATH or postgresql://...")


def _sqlite_engine(url: str, database: str | None) -> Engine:
    if not database or database == ":memory:" or database.startswith("file:"):
        raise BadInput("SQLite needs a file path: sqlite:///PATH/hq.sqlite")
    path = Path(database)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise BadInput(f"cannot create the folder for {path}: {exc.strerror}") from exc
    engine = create_engine(
        url,
        # Pool connections move between uvicorn's worker threads; each is used by one at a time.
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: sqlite3.Connection, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine


class Database:
    """One engine and its two session factories (write and read-only)."""

    def __init__(self, url: str) -> None:
        self.url = normalise_url(url)
        self.engine = make_engine(self.url)
        self._write = sessionmaker(self.engine, expire_on_commit=False)
        self._read = sessionmaker(self.engine.execution_options(**{READONLY: True}),
                                  expire_on_commit=False)

    def session(self) -> Session:
        """A session whose transactions are write transactions (BEGIN IMMEDIATE on SQLite)."""
        return self._write()

    def read_session(self) -> Session:
        return self._read()

    @contextmanager
    def write(self) -> Iterator[Session]:
        """A write transaction: commits on success, rolls back on any exception."""
        with self._write() as session, session.begin():
            yield session

    @contextmanager
    def read(self) -> Iterator[Session]:
        with self._read() as session:  # close() ends the transaction, keeps loaded values
            yield session

    def dispose(self) -> None:
        self.engine.dispose()
