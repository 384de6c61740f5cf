"""Alembic environment for the HQ database (configured in code by hq_server.migrate)."""

from alembic import context

from hq_server.models import Base

config = context.config
connection = config.attributes["connection"]
context.configure(connection=connection, target_metadata=Base.metadata,
                  render_as_batch=connection.dialect.name == "sqlite")
with context.begin_transaction():
    context.run_migrations()
