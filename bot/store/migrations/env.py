"""Alembic environment: runs on the connection the Store passes in."""

from alembic import context

from bot.store.db import metadata

connection = context.config.attributes["connection"]
context.configure(connection=connection, target_metadata=metadata)
with context.begin_transaction():
    context.run_migrations()
