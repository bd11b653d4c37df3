"""News feeds in the database: each followed feed's polling state, and the items polled from them.

An item is stored once per feed, however many replicas poll the feed at the same moment and whatever
guid the feed gives it (bot.store.identity says which items are the same): its key, link_key and
title_key are each unique per feed, and inserts are INSERT ... ON CONFLICT DO NOTHING, in the SQLite and
PostgreSQL dialects alike."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Collection, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Column,
    Index,
    Integer,
    String,
    Table,
    Text,
    UniqueConstraint,
    bindparam,
    case,
    delete,
    func,
    or_,
    select,
    update,
)
from sqlalchemy.engine import Connection, Row

from bot.store.db import Store, dialect_insert, metadata
from bot.store.digests import UTCDateTime
from bot.store.identity import KEY_LENGTH

BATCH = 500
"""Rows fetched at a time when reading the newest items, and re-tagged per transaction."""

feed_state = Table(
    "feed_state",
    metadata,
    Column("feed_id", String(80), primary_key=True),
    Column("url", Text, nullable=False),
    Column("etag", Text, nullable=True),
    Column("last_modified", Text, nullable=True),
    Column("last_poll", UTCDateTime, nullable=True),
    Column("last_success", UTCDateTime, nullable=True),
    Column("last_new", UTCDateTime, nullable=True),
    Column("failures", Integer, nullable=False, default=0, server_default="0"),
    Column("state", String(20), nullable=False, default="new", server_default="new"),
    Column("reason", Text, nullable=False, default="", server_default=""),
    Column("retry_at", UTCDateTime, nullable=True),
)

feed_items = Table(
    "feed_items",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("feed_id", String(80), nullable=False),
    Column("key", String(KEY_LENGTH), nullable=False),
    Column("title", Text, nullable=False),
    Column("link", Text, nullable=False, default="", server_default=""),
    Column("summary", Text, nullable=False, default="", server_default=""),
    Column("published", UTCDateTime, nullable=False),
    Column("arrived", UTCDateTime, nullable=True),
    Column("tags", Text, nullable=False, default="", server_default=""),
    Column("link_key", String(64), nullable=True),
    Column("title_key", String(64), nullable=True),
    Column("seen", UTCDateTime, nullable=True),
    UniqueConstraint("feed_id", "key", name="uq_feed_items_key"),
    Index("ix_feed_items_published", "published", "id"),
    Index("uq_feed_items_link", "feed_id", "link_key", unique=True),
    Index("uq_feed_items_title", "feed_id", "title_key", unique=True),
    Index("ix_feed_items_seen", "feed_id", "seen"),
)
"""link_key, title_key: digests of the link and title and of the title and date (bot.store.identity),
None where they identify no item; unique per feed (NULLs never clash). seen: for an item the feed gives
no date, when a poll last found it listed (retention keeps it while it is; its index finds those a 304
lists again); None for dated items."""


FEED_STATES = ("new", "ok", "failing", "disabled")
"""A feed's states (FeedRow.state)."""


@dataclass(frozen=True)
class FeedRow:
    """A feed's polling state. state: 'new' (never polled successfully), 'ok', 'failing' or 'disabled';
    failures: consecutive ones; retry_at: no request before then (the server's Retry-After)."""

    feed_id: str
    url: str
    etag: str | None = None
    last_modified: str | None = None
    last_poll: dt.datetime | None = None
    last_success: dt.datetime | None = None
    last_new: dt.datetime | None = None
    failures: int = 0
    state: str = "new"
    reason: str = ""
    retry_at: dt.datetime | None = None


@dataclass(frozen=True)
class ItemRow:
    """A feed item as stored: plain text, UTC dates; arrived is None for items a first poll seeded.
    link_key and title_key make an item under another guid the same item (bot.store.identity); seen is
    set on items without a date of their own (feed_items says why)."""

    feed: str
    key: str
    title: str
    link: str
    summary: str
    published: dt.datetime
    tags: tuple[str, ...] = ()
    arrived: dt.datetime | None = None
    link_key: str | None = None
    title_key: str | None = None
    seen: dt.datetime | None = None


def _state(row: Row[Any]) -> FeedRow:
    return FeedRow(**{name: row._mapping[name] for name in FeedRow.__dataclass_fields__})


def _item(row: Row[Any]) -> ItemRow:
    c = row._mapping
    return ItemRow(
        feed=c["feed_id"], key=c["key"], title=c["title"], link=c["link"], summary=c["summary"],
        published=c["published"], tags=tuple(c["tags"].split()), arrived=c["arrived"],
    )


class FeedStore:
    """Feed states and items in the store's database. Methods are synchronous and short; async callers
    go through `Store.run`. Datetimes go in aware and come out aware UTC."""

    def __init__(self, store: Store) -> None:
        self.engine = store.engine

    def row(self, feed_id: str) -> FeedRow | None:
        """The feed's state, or None if it was never polled."""
        with self.engine.connect() as connection:
            found = connection.execute(select(feed_state).where(feed_state.c.feed_id == feed_id)).first()
        return _state(found) if found else None

    def rows(self) -> dict[str, FeedRow]:
        """Every stored feed state, by feed id."""
        with self.engine.connect() as connection:
            return {row.feed_id: _state(row) for row in connection.execute(select(feed_state)).all()}

    def save(self, row: FeedRow, unchanged_since: dt.datetime | None = None) -> None:
        """Store the feed's state, replacing what was there. `unchanged_since`: the feed answered 304, so
        the items without a date it listed at that time (its last success) are listed now, at row.last_poll."""
        values = dataclasses.asdict(row)
        with self.engine.begin() as connection:
            statement = dialect_insert(connection, feed_state).values(**values)
            connection.execute(statement.on_conflict_do_update(
                index_elements=[feed_state.c.feed_id],
                set_={name: statement.excluded[name] for name in values if name != "feed_id"},
            ))
            if unchanged_since is not None:
                c = feed_items.c
                connection.execute(update(feed_items).where(
                    c.feed_id == row.feed_id, c.seen >= unchanged_since).values(seen=row.last_poll))

    def enable(self, feed_id: str) -> bool:
        """Forget the feed's failures, reason and Retry-After; True if it was disabled."""
        c = feed_state.c
        with self.engine.begin() as connection:
            state = connection.execute(select(c.state).where(c.feed_id == feed_id)).scalar()
            connection.execute(update(feed_state).where(c.feed_id == feed_id).values(
                failures=0, reason="", retry_at=None, state=case((c.last_success.is_(None), "new"), else_="ok"),
            ))
        return state == "disabled"

    def add(self, items: Sequence[ItemRow], limit: int | None = None) -> tuple[int, int]:
        """Store the items not stored yet (one feed's; ItemRow says which are the same), in the order given,
        until `limit` of them were new: (how many were new, how many were left untried). Items without a
        date that were stored already are marked listed (their `seen`). Safe to race."""
        rows = [{
            "feed_id": item.feed, "key": item.key, "title": item.title, "link": item.link, "summary": item.summary,
            "published": item.published, "arrived": item.arrived, "tags": " ".join(item.tags),
            "link_key": item.link_key, "title_key": item.title_key, "seen": item.seen,
        } for item in items]
        new = done = 0
        with self.engine.begin() as connection:
            statement = dialect_insert(connection, feed_items).on_conflict_do_nothing().returning(feed_items.c.id)
            while done < len(rows) and (limit is None or new < limit):
                batch = rows[done:] if limit is None else rows[done:done + limit - new]
                new += len(connection.execute(statement, batch).all())
                done += len(batch)
            self._listed(connection, [item for item in items if item.seen is not None])
        return new, len(rows) - done

    @staticmethod
    def _listed(connection: Connection, undated: Sequence[ItemRow]) -> None:
        """Mark the stored items that are `undated` items (by key, link or title) as listed at their `seen`."""
        if not undated:
            return
        c = feed_items.c
        same = (c.key.in_({i.key for i in undated}) | c.link_key.in_({i.link_key for i in undated if i.link_key})
                | c.title_key.in_({i.title_key for i in undated if i.title_key}))
        connection.execute(update(feed_items).where(c.feed_id == undated[0].feed, c.seen.is_not(None), same)
                           .values(seen=undated[0].seen))

    def counts(self) -> dict[str, int]:
        """Items stored per feed id."""
        query = select(feed_items.c.feed_id, func.count()).group_by(feed_items.c.feed_id)
        with self.engine.connect() as connection:
            return {feed: int(count) for feed, count in connection.execute(query).all()}

    def recent(self, feeds: Collection[str], limit: int) -> list[ItemRow]:
        """The newest `limit` items of `feeds`, newest first."""
        rows: list[Row[Any]] = []
        wanted = set(feeds)
        if not wanted or limit <= 0:
            return []
        # down the published index, skipping other feeds' items: filtering by feed in SQL would sort them all
        query = select(feed_items).order_by(feed_items.c.published.desc(), feed_items.c.id.desc())
        with self.engine.connect() as connection:
            result = connection.execution_options(yield_per=BATCH).execute(query)
            for row in result:
                if row.feed_id in wanted:
                    rows.append(row)
                    if len(rows) == limit:
                        break
            result.close()
        return [_item(row) for row in rows]  # converted after the read: a writer never waits on it

    def prune(self, before: dt.datetime) -> int:
        """Delete the items published before `before`, except those without a date that their feed
        listed since (deleted, they would come back as new); how many."""
        c = feed_items.c
        with self.engine.begin() as connection:
            old = delete(feed_items).where(c.published < before, or_(c.seen.is_(None), c.seen < before))
            return int(connection.execute(old).rowcount)

    def retag(self, since: dt.datetime, tags: Callable[[ItemRow], tuple[str, ...]]) -> int:
        """Give every item published since `since` the tags `tags(item)` says, BATCH items per transaction;
        how many changed."""
        c = feed_items.c
        changes = update(feed_items).where(c.id == bindparam("row_id")).values(tags=bindparam("new_tags"))
        changed, after = 0, 0
        while True:
            with self.engine.begin() as connection:
                rows = connection.execute(
                    select(feed_items).where(c.published >= since, c.id > after).order_by(c.id).limit(BATCH)
                ).all()
                if not rows:
                    return changed
                updates = [
                    {"row_id": row.id, "new_tags": " ".join(new)}
                    for row in rows if (new := tags(item := _item(row))) != item.tags
                ]
                if updates:
                    connection.execute(changes, updates)
                changed += len(updates)
                after = rows[-1].id
