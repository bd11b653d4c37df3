"""Migration 0003 adds the feed tables (unique per feed and key, indexed by date) and removes them again."""

from __future__ import annotations

import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.store import Store
from bot.store.db import MIGRATIONS


def test_migration_0003_up_and_down(store: Store):
    inspector = sa.inspect(store.engine)
    assert {"feed_state", "feed_items", "digest_subscriptions"} <= set(inspector.get_table_names())
    assert [ix["column_names"] for ix in inspector.get_indexes("feed_items")] == [["published", "id"]]
    assert [u["column_names"] for u in inspector.get_unique_constraints("feed_items")] == [["feed_id", "key"]]
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0002")
    tables = set(sa.inspect(store.engine).get_table_names())
    assert "feed_items" not in tables and "feed_state" not in tables and "digest_subscriptions" in tables
    store.migrate()
    assert "feed_items" in sa.inspect(store.engine).get_table_names()
