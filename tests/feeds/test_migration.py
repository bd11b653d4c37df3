"""Migrations 0003 (the feed tables) and 0004 (one item per link, and per title and date): up from 0003
with the rows a feed that changes its guids left, and down again, on SQLite and PostgreSQL."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config

from bot.store import Store
from bot.store.db import MIGRATIONS
from bot.store.feeds import FeedStore, ItemRow, digest, title_key
from tests.runtime.postgres import private_schema_url

DAY = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def alembic(store: Store, action: str, revision: str) -> None:
    """`alembic upgrade|downgrade REVISION` on the store's database."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with store.engine.begin() as connection:
        config.attributes["connection"] = connection
        getattr(command, action)(config, revision)


@pytest.fixture(params=["sqlite", "postgresql"])
def bare(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    """A store on an empty database, not migrated."""
    urls = iter([f"sqlite:///{tmp_path}/feeds.db"]) if request.param == "sqlite" else private_schema_url()
    store = Store(next(urls))
    yield store
    store.close()
    for _ in urls:  # drops the private schema
        pass


def test_migration_0003_up_and_down(bare: Store):
    alembic(bare, "upgrade", "0003")
    inspector = sa.inspect(bare.engine)
    assert {"feed_state", "feed_items", "digest_subscriptions"} <= set(inspector.get_table_names())
    indexes = [ix["column_names"] for ix in inspector.get_indexes("feed_items") if not ix["unique"]]
    assert indexes == [["published", "id"]]
    assert [u["column_names"] for u in inspector.get_unique_constraints("feed_items")] == [["feed_id", "key"]]
    alembic(bare, "downgrade", "0002")
    tables = set(sa.inspect(bare.engine).get_table_names())
    assert "feed_items" not in tables and "feed_state" not in tables and "digest_subscriptions" in tables


def stored(store: Store) -> list[tuple[str, str, bool, bool]]:
    """(feed, key, has a link_key, has a title_key) of every item, in the order stored."""
    with store.engine.connect() as connection:
        rows = connection.execute(sa.text("SELECT feed_id, key, link_key, title_key FROM feed_items ORDER BY id"))
        return [(feed, key, link is not None, title is not None) for feed, key, link, title in rows]


def test_migration_0004_keeps_one_of_each_item_from_0003_rows(bare: Store):
    alembic(bare, "upgrade", "0003")
    rows = [  # (feed, key, title, link, days before DAY)
        *[("a", f"guid-{n}", "Same post", "https://a.example/post", 1) for n in range(5)],  # new guid every poll
        ("a", "home-1", "First note", "https://a.example/", 2), ("a", "home-2", "Second note", "https://a.example/", 3),
        *[("a", f"bare-{n}", "Linkless", "", 4) for n in range(3)],  # the same title and date, no link
        ("a", "other", "Other post", "https://a.example/other", 1),
        ("b", "guid-0", "Same post", "https://a.example/post", 1),  # another feed's item is another item
    ]
    with bare.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO feed_items (feed_id, key, title, link, summary, published, arrived, tags) "
            "VALUES (:feed, :key, :title, :link, '', :published, :arrived, '')"
        ), [{"feed": feed, "key": key, "title": title, "link": link, "published": DAY - dt.timedelta(days=days),
             "arrived": DAY} for feed, key, title, link, days in rows])
    bare.migrate()
    assert stored(bare) == [
        ("a", "guid-0", True, True), ("a", "home-1", False, True), ("a", "home-2", False, True),
        ("a", "bare-0", False, True), ("a", "other", True, True), ("b", "guid-0", True, True),
    ]
    indexes = {ix["name"]: (ix["column_names"], bool(ix["unique"])) for ix in sa.inspect(bare.engine).get_indexes(
        "feed_items") if not ix.get("duplicates_constraint")}  # PostgreSQL lists uq_feed_items_key's too
    assert indexes == {
        "ix_feed_items_published": (["published", "id"], False), "ix_feed_items_seen": (["feed_id", "seen"], False),
        "uq_feed_items_link": (["feed_id", "link_key"], True), "uq_feed_items_title": (["feed_id", "title_key"], True),
    }

    # what the poller stores next: a sixth guid for the same post is no item; a new note on the home page is
    feeds = FeedStore(bare)
    published = DAY - dt.timedelta(days=1)
    again = ItemRow("a", "guid-5", "Same post", "https://a.example/post", "", published,
                    link_key=digest("https://a.example/post"), title_key=title_key("Same post", published))
    note = ItemRow("a", "home-3", "Third note", "https://a.example/", "", DAY, link_key=digest("https://a.example/"),
                   title_key=title_key("Third note", DAY))
    assert feeds.add([again, note]) == (1, 0)
    assert feeds.counts() == {"a": 6, "b": 1}

    alembic(bare, "downgrade", "0003")
    columns = {column["name"] for column in sa.inspect(bare.engine).get_columns("feed_items")}
    assert "key" in columns and not {"link_key", "title_key", "seen"} & columns
    bare.migrate()
    keys = [key for _, key, _, _ in stored(bare)]
    assert keys == ["guid-0", "home-1", "home-2", "bare-0", "other", "guid-0", "home-3"]
