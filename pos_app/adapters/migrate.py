"""Schema upgrades at start-up, after an online backup of the file (DESIGN §5).

Alembic is imported only when an upgrade is due: a till that is already current starts without
paying for it. HEAD_REVISION names the newest migration; a test keeps it equal to Alembic's head.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine, text
from sqlalchemy.exc import OperationalError

MIGRATIONS = Path(__file__).parent / "migrations"
HEAD_REVISION = "0007"
KEEP_BACKUPS = 5


def alembic_config():
    from alembic.config import Config

    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    return config


def current_revision(engine: Engine) -> str | None:
    with engine.connect() as conn:
        try:
            return conn.execute(text("SELECT version_num FROM alembic_version")).scalar()
        except OperationalError:  # a new, empty file
            return None


def upgrade(engine: Engine, db_path: Path, backup_dir: Path) -> Path | None:
    """Bring the schema to head. An existing database is backed up first; returns the backup."""
    current = current_revision(engine)
    if current == HEAD_REVISION:
        return None
    from alembic import command

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
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S%fZ")
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
