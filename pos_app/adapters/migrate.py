"""Schema upgrades at start-up, after an online backup of the file (DESIGN §5)."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from alembic import command
from alembic.config import Config
from alembic.runtime.migration import MigrationContext
from alembic.script import ScriptDirectory
from sqlalchemy import Engine

MIGRATIONS = Path(__file__).parent / "migrations"
KEEP_BACKUPS = 5


def alembic_config() -> Config:
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def head_revision() -> str:
    return ScriptDirectory.from_config(alembic_config()).get_current_head()


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        return MigrationContext.configure(conn).get_current_revision()


def upgrade(engine: Engine, db_path: Path, backup_dir: Path) -> Path | None:
    """Bring the schema to head. An existing database is backed up first; returns the backup."""
    current = current_revision(engine)
    if current == head_revision():
        return None
    backup = None
    if current is not None:
        backup = backup_database(db_path, backup_dir, label=current)
    config = alembic_config()
    with engine.begin() as conn:
        config.attributes["connection"] = conn
        command.upgrade(config, "head")
    return backup


def backup_database(db_path: Path, backup_dir: Path, label: str) -> Path:
    """A consistent copy through SQLite's online backup API, even while others write."""
    backup_dir.mkdir(parents=True, exist_ok=True)
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    target = backup_dir / f"till-{stamp}-{label}.sqlite"
    source = sqlite3.connect(db_path)
    try:
        dest = sqlite3.connect(target)
        try:
            source.backup(dest)
        finally:
            dest.close()
    finally:
        source.close()
    for old in sorted(backup_dir.glob("till-*.sqlite"))[:-KEEP_BACKUPS]:
        old.unlink()
    return target
