"""Alembic environment for the till database (configured in code by pos_app.adapters.migrate)."""

from alembic import context

from pos_app.adapters.orm import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata, render_as_batch=True)
with context.begin_transaction():
    context.run_migrations()
