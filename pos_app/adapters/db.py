"""The till's SQLite engine: WAL, synchronous=FULL, foreign keys, and explicit transactions.

Write transactions start with BEGIN IMMEDIATE: the write lock is taken before the first read,
so "read the last outbox seq, write seq + 1" cannot interleave with another process on the same
file (the window and a `pos-till sell` command). Reads start a deferred BEGIN and never wait on
a writer (WAL), so scanning stays fast while the sync thread applies changes.
"""

from __future__ import annotations

import sqlite3
from pathlib import Path

from sqlalchemy import Engine, create_engine, event

BUSY_TIMEOUT_MS = 10_000
READONLY = "pos_readonly"


def make_engine(db_path: Path) -> Engine:
    # Connections move between threads (UI, printing, sync) through SQLAlchemy's pool, which
    # lends each to one thread at a time; sessions themselves are never shared.
    engine = create_engine(
        f"sqlite:///{db_path}",
        connect_args={"timeout": BUSY_TIMEOUT_MS / 1000, "check_same_thread": False},
    )

    @event.listens_for(engine, "connect")
    def _configure(dbapi_conn: sqlite3.Connection, _record) -> None:
        dbapi_conn.isolation_level = None  # we issue BEGIN ourselves (below)
        cursor = dbapi_conn.cursor()
        cursor.execute("PRAGMA journal_mode=WAL")
        cursor.execute("PRAGMA synchronous=FULL")  # a power cut after "paid" keeps the sale
        cursor.execute("PRAGMA foreign_keys=ON")
        cursor.execute(f"PRAGMA busy_timeout={BUSY_TIMEOUT_MS}")
        cursor.close()

    @event.listens_for(engine, "begin")
    def _begin(conn) -> None:
        readonly = conn.get_execution_options().get(READONLY, False)
        conn.exec_driver_sql("BEGIN" if readonly else "BEGIN IMMEDIATE")

    return engine
