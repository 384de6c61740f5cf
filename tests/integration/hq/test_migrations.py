"""HQ's Alembic migrations: they build what the models describe, on both backends, and 0002
carries the sales received under 0001 over (their lines, from the stored v1 events)."""

from __future__ import annotations

from datetime import UTC, datetime

import sqlalchemy as sa
from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.runtime.migration import MigrationContext

from hq_server import migrate
from hq_server.db import Database
from hq_server.models import Base, Sale, SaleLine
from pos_app.domain.ids import new_id
from tests.integration.hq.helpers import Till


def test_migrations_build_the_same_schema_as_the_models(db):
    with db.engine.connect() as conn:
        diff = compare_metadata(MigrationContext.configure(conn), Base.metadata)
    assert diff == []
    assert migrate.current_revision(db) == migrate.head_revision() == "0003"


def test_upgrade_from_0001_keeps_v1_sales_and_projects_their_lines(db_url):
    db = Database(db_url)
    try:
        config = migrate.alembic_config()
        with db.engine.begin() as conn:
            config.attributes["connection"] = conn
            command.upgrade(config, "0001")
        store_id, terminal_id = new_id(), new_id()
        till = Till(terminal_id=terminal_id, store_id=store_id, token="-")
        event = till.event()  # a v1 sale.completed
        payload = event["payload"]
        meta = sa.MetaData()
        tables = {name: sa.Table(name, meta, autoload_with=db.engine)
                  for name in ("store", "terminal", "event", "sale")}
        now = datetime(2024, 5, 1, 2, 0, tzinfo=UTC)
        with db.engine.begin() as conn:
            conn.execute(tables["store"].insert().values(
                id=store_id, code="S001", name="人民路店", timezone="Asia/Shanghai",
                receipt_header="", receipt_footer="", created_at=now))
            conn.execute(tables["terminal"].insert().values(
                id=terminal_id, store_id=store_id, name="T01", created_at=now, revoked=False,
                last_seq=1, last_hash=event["hash"], outbox_depth=0, flagged=False))
            conn.execute(tables["event"].insert().values(
                event_id=event["event_id"], terminal_id=terminal_id, seq=1,
                type=event["type"], v=1, hash=event["hash"], prev_hash=event["prev_hash"],
                occurred_at=event["occurred_at"], received_at=now,
                business_date=event["business_date"], store_id=store_id, status="applied",
                payload=payload, raw=event))
            conn.execute(tables["sale"].insert().values(
                id=payload["sale_id"], receipt_no=payload["receipt_no"],
                terminal_id=terminal_id, store_id=store_id,
                business_date=event["business_date"], occurred_at=event["occurred_at"],
                total_fen=payload["total_fen"], staff_no="1001", event_seq=1))
        migrate.upgrade(db)
        with db.read() as session:
            sale = session.get(Sale, payload["sale_id"])
            assert (sale.original_fen, sale.discount_fen, sale.rounding_fen) == (
                payload["total_fen"], 0, 0)
            assert [(x.line_no, x.sku, x.qty, x.final_fen)
                    for x in session.scalars(sa.select(SaleLine))] == [
                (1, payload["lines"][0]["sku"], 1, payload["total_fen"])]
    finally:
        db.dispose()
