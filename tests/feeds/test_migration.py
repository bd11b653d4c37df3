"""Migrations 0003 (the feed tables) and 0004 (one item per link and title, and per title and date): up
from 0003 with the rows a feed that changes its guids left, and on a large table, and down again, on SQLite
and PostgreSQL (tests/runtime/test_store.py: replicas migrate one at a time, without a statement timeout)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.store import Store
from bot.store.feeds import FeedStore, ItemRow, feed_items
from bot.store.identity import link_key, title_key, with_identity_keys
from tests.runtime.alembic_support import alembic as migrate_by_hand
from tests.runtime.postgres import private_schema_url

DAY = dt.datetime(2026, 3, 1, 9, 0, tzinfo=dt.UTC)


def alembic(store: Store, action: str, revision: str) -> None:
    """`alembic upgrade|downgrade REVISION` on the store's database."""
    migrate_by_hand(store.url.render_as_string(hide_password=False), action, revision)


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


def insert_0003_rows(store: Store, rows: list[tuple[str, str, str, str, dt.datetime]]) -> None:
    """(feed, key, title, link, published) rows, as 0003 stored them."""
    with store.engine.begin() as connection:
        connection.execute(sa.text(
            "INSERT INTO feed_items (feed_id, key, title, link, summary, published, arrived, tags) "
            "VALUES (:feed, :key, :title, :link, '', :published, :arrived, '')"
        ), [{"feed": feed, "key": key, "title": title, "link": link, "published": published, "arrived": DAY}
            for feed, key, title, link, published in rows])


def test_migration_0004_keeps_one_of_each_item_from_0003_rows(bare: Store):
    alembic(bare, "upgrade", "0003")
    home, late = "https://a.example/", dt.timedelta(milliseconds=900)  # title_key drops fractions of a second
    ago = [DAY - dt.timedelta(days=days) + late for days in range(8)]
    insert_0003_rows(bare, [
        *[("a", f"guid-{n}", "Same post", "https://a.example/post", ago[1]) for n in range(5)],  # new guid every poll
        ("a", "home-1", "First note", home, ago[2]), ("a", "home-2", "Second note", home, ago[3]),  # a shared link
        *[("a", f"bare-{n}", "Linkless", "", ago[4]) for n in range(3)],  # the same title and date, no link
        ("a", "other", "Other post", "https://a.example/other", ago[1]),
        ("a", "week-1", "Weekly update", home, ago[6]), ("a", "week-2", "Weekly update", home, ago[5]),  # other dates
        ("a", "thread-1", "Open thread", "https://a.example/t1", ago[7]),  # the same title and date, other links
        ("a", "thread-2", "Open thread", "https://a.example/t2", ago[7]),
        ("b", "guid-0", "Same post", "https://a.example/post", ago[1]),  # another feed's item is another item
    ])
    bare.migrate()
    assert stored(bare) == [
        ("a", "guid-0", True, True), ("a", "home-1", True, True), ("a", "home-2", True, True),
        ("a", "bare-0", False, True), ("a", "other", True, True), ("a", "week-1", False, True),
        ("a", "week-2", False, True), ("a", "thread-1", True, False), ("a", "thread-2", True, False),
        ("b", "guid-0", True, True),
    ]
    c = feed_items.c
    with bare.engine.connect() as connection:  # the migration's frozen SQL computes the keys as the poller does
        keys = connection.execute(sa.select(c.title, c.link, c.published, c.link_key, c.title_key)).all()
    for title, link, published, links, titles in keys:
        assert links in (None, link_key(link, title)) and titles in (None, title_key(title, published, True))
    indexes = {ix["name"]: (ix["column_names"], bool(ix["unique"])) for ix in sa.inspect(bare.engine).get_indexes(
        "feed_items") if not ix.get("duplicates_constraint")}  # PostgreSQL lists uq_feed_items_key's too
    assert indexes == {
        "ix_feed_items_published": (["published", "id"], False), "ix_feed_items_seen": (["feed_id", "seen"], False),
        "uq_feed_items_link": (["feed_id", "link_key"], True), "uq_feed_items_title": (["feed_id", "title_key"], True),
    }

    # what the poller stores next: a sixth guid for the same post is no item; new notes on the home page are
    feeds, now = FeedStore(bare), DAY + late
    listed = with_identity_keys([
        ItemRow("a", "guid-5", "Same post", "https://a.example/post", "", ago[1]),
        ItemRow("a", "home-3", "Third note", home, "", now), ItemRow("a", "week-3", "Weekly update", home, "", now),
    ])
    assert feeds.add(listed) == (2, 0)
    assert feeds.counts() == {"a": 11, "b": 1}

    alembic(bare, "downgrade", "0003")
    columns = {column["name"] for column in sa.inspect(bare.engine).get_columns("feed_items")}
    assert "key" in columns and not {"link_key", "title_key", "seen"} & columns
    bare.migrate()
    assert [key for _, key, _, _ in stored(bare)][-3:] == ["guid-0", "home-3", "week-3"]


def test_migration_0004_on_a_large_table(bare: Store):
    """50,000 rows, a fifth of them copies under new guids, migrate under the bot's own engine settings
    (on PostgreSQL, its statement timeout): every step is one statement over the table."""
    alembic(bare, "upgrade", "0003")
    rows = []
    for n in range(50_000):
        post = n - n % 5 + min(n % 5, 3)  # 0 1 2 3 3, 5 6 7 8 8, ...: each fifth row copies the one before
        rows.append((f"feed-{post % 7}", f"guid-{n}", f"Post {post}", f"https://blog.example/{post}",
                     DAY - dt.timedelta(minutes=post)))
    insert_0003_rows(bare, rows)
    bare.migrate()
    assert sum(FeedStore(bare).counts().values()) == 40_000
    with bare.engine.connect() as connection:
        keyless = connection.execute(sa.text(
            "SELECT count(*) FROM feed_items WHERE link_key IS NULL OR title_key IS NULL")).scalar()
    assert keyless == 0
