"""Alembic migrations of the till file, and the backup taken before an upgrade."""

from __future__ import annotations

import shutil
import sqlite3

from alembic.script import ScriptDirectory

from pos_app.adapters import migrate
from pos_app.adapters.catalog_search import include_name
from pos_app.adapters.db import make_engine
from pos_app.adapters.orm import Base
from tests.till_fixtures import CASHIER, PRODUCTS


def test_head_revision_constant_matches_alembic():
    script = ScriptDirectory.from_config(migrate.alembic_config())
    assert script.get_current_head() == migrate.HEAD_REVISION


def test_migrations_build_the_same_schema_as_the_models(tmp_path):
    from alembic.autogenerate import compare_metadata
    from alembic.runtime.migration import MigrationContext

    engine = make_engine(tmp_path / "t.sqlite")
    migrate.upgrade(engine, tmp_path / "t.sqlite", tmp_path / "backups")
    with engine.connect() as conn:
        # The search structures of migration 0002 (FTS5, n-grams) are outside the ORM metadata.
        context = MigrationContext.configure(conn, opts={"include_name": include_name})
        diff = compare_metadata(context, Base.metadata)
    engine.dispose()
    assert diff == []


NEXT_REVISION = """
from alembic import op
import sqlalchemy as sa

revision = "{next}"
down_revision = "{head}"
branch_labels = None
depends_on = None


def upgrade():
    with op.batch_alter_table("setting") as batch:
        batch.add_column(sa.Column("note", sa.Text(), nullable=True))


def downgrade():
    with op.batch_alter_table("setting") as batch:
        batch.drop_column("note")
"""


def test_an_upgrade_backs_up_first_and_keeps_queued_events(till_app, tmp_path, monkeypatch):
    till = till_app.till
    staff = till.login(*CASHIER)
    sale = till.new_sale()
    till.scan(sale, PRODUCTS[0][0])
    till.complete_cash_sale(staff, sale, 300)
    # A newer release: the same migrations plus one more.
    newer = tmp_path / "migrations"
    shutil.copytree(migrate.MIGRATIONS, newer, ignore=shutil.ignore_patterns("__pycache__"))
    (newer / "versions" / "0002_next.py").write_text(
        NEXT_REVISION.format(head=migrate.HEAD_REVISION, next="9999"))
    current = migrate.HEAD_REVISION
    monkeypatch.setattr(migrate, "MIGRATIONS", newer)
    monkeypatch.setattr(migrate, "HEAD_REVISION", "9999")
    db_path = till_app.data_dir / "till.sqlite"
    backup = migrate.upgrade(till_app.engine, db_path, tmp_path / "backups")
    assert backup is not None and backup.exists()
    for path, revision, has_note in ((backup, current, False), (db_path, "9999", True)):
        conn = sqlite3.connect(path)
        try:
            assert conn.execute("SELECT count(*) FROM outbox").fetchone() == (1,)
            assert conn.execute("SELECT version_num FROM alembic_version").fetchone() == (
                revision,)
            columns = {row[1] for row in conn.execute("PRAGMA table_info(setting)")}
            assert ("note" in columns) == has_note
        finally:
            conn.close()
    assert till.sync_status().pending_events == 1  # the queued event is still there to push


def test_current_file_starts_without_upgrade_or_backup(tmp_path):
    engine = make_engine(tmp_path / "t.sqlite")
    assert migrate.upgrade(engine, tmp_path / "t.sqlite", tmp_path / "b") is None  # new file
    assert migrate.upgrade(engine, tmp_path / "t.sqlite", tmp_path / "b") is None  # current
    assert not (tmp_path / "b").exists()
    engine.dispose()
