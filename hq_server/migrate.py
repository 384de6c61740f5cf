"""Alembic, configured in code (no alembic.ini at runtime): `upgrade(db)` brings a database to
head. It runs on `pos-hq serve` and before every CLI command that opens the database."""

from __future__ import annotations

from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import text

from hq_server.db import Database, is_postgres

MIGRATIONS = Path(__file__).parent / "migrations"
# pg_advisory_lock key: several HQ processes starting together migrate one at a time.
MIGRATION_LOCK_KEY = 0x504F5348_0001


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str | None:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(db: Database) -> str | None:
    with db.engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(db: Database) -> None:
    config = alembic_config()
    with db.engine.begin() as conn:
        if is_postgres(db.engine):
            conn.execute(text("SELECT pg_advisory_xact_lock(:k)"), {"k": MIGRATION_LOCK_KEY})
        if MigrationContext.configure(conn).get_current_revision() == head_revision():
            return
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
