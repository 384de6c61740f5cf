"""Alembic environment for the till database (configured in code by pos_app.adapters.migrate)."""

from alembic import context

from pos_app.adapters.catalog_search import include_name
from pos_app.adapters.orm import Base

config = context.config
connection = config.attributes["connection"]
# The search structures (FTS5 table and its shadow tables, n-gram table) are made by migration
# 0002 and kept in sync by triggers; they are not in the ORM metadata, so autogenerate skips them.
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True,
                  include_name=include_name)
with context.begin_transaction():
    context.run_migrations()
