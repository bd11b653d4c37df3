"""The Newsroom: the NewsDesk `newsbot run` serves. It holds the current NewsSnapshot, rebuilt from the
database in the store's thread and swapped whole, so /news and digests read it with no database access."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import Callable

from bot.content.catalog import Catalog
from bot.content.schema import Feed
from bot.core.commands.news_filters import prepare
from bot.core.news import SNAPSHOT_ITEMS, FeedState, NewsItem, NewsSnapshot, Tagger, snapshot
from bot.core.schedule import utcnow
from bot.store import Store
from bot.store.feeds import FeedRow, FeedStore, ItemRow

RETAG_DAYS = 30
"""Items published this many days back are re-tagged when the content changes."""
RETAG_TIMEOUT = 600.0
"""Seconds a re-tag may take (tagging costs about 0.1 ms an item, and there may be many)."""
TAGGED_KEY = "feeds:tagged"
"""bot_state key: the content version the recent items were last re-tagged with."""


def feed_state(feed: Feed, row: FeedRow | None, items: int) -> FeedState:
    """How `feed` is doing, from its stored state (None: never polled) and its stored item count."""
    if row is None:
        return FeedState(feed.id, feed.name, items=items)
    return FeedState(feed.id, feed.name, row.state, row.last_poll, row.last_new, items, row.reason)


def news_item(row: ItemRow) -> NewsItem:
    """The core's value for a stored item."""
    return NewsItem(row.feed, row.title, row.link, row.published, row.tags, row.summary, row.arrived)


class Newsroom:
    """bot.core.news.NewsDesk over the database. `catalog` returns the content being served now."""

    def __init__(self, store: Store, catalog: Callable[[], Catalog], *, clock: Callable[[], dt.datetime] = utcnow) -> None:
        self.store, self.catalog, self.clock = store, catalog, clock
        self.feeds = FeedStore(store)
        self._snapshot = NewsSnapshot()
        self._counts: dict[str, int] | None = None
        self._tagger: tuple[Catalog, Tagger] | None = None
        self._lock = asyncio.Lock()
        self._wanted = self._again = False

    def latest(self) -> NewsSnapshot:
        """The current snapshot (no database access)."""
        return self._snapshot

    def tags(self, catalog: Catalog, item: ItemRow) -> tuple[str, ...]:
        """The ids `item` is about under `catalog`: the models and organizations it names, and its feed's tags."""
        if self._tagger is None or self._tagger[0] is not catalog:
            self._tagger = (catalog, Tagger(catalog))
        feed = catalog.feeds.get(item.feed)
        return self._tagger[1].tags(item.title, item.summary, extra=feed.tags if feed else ())

    async def states(self) -> list[FeedState]:
        """Every followed feed's state and item count, read now (for operators)."""
        return (await self.store.run(self._states, self.catalog()))[0]

    async def update(self, full: bool = False) -> None:
        """Read the feed states again, and the newest items too when `full` or when any feed's item count
        changed (another replica may have stored them); then swap the snapshot. Raises StoreError.

        Requests made while a read is running are merged into one more read after it (polls that finish
        together rebuild the snapshot once or twice, not once each); such a request returns at once."""
        self._wanted = self._wanted or full
        if self._lock.locked():
            self._again = True
            return
        async with self._lock:
            again = True
            while again:
                full, self._wanted, self._again = self._wanted, False, False
                catalog = self.catalog()
                if not catalog.feeds:  # nothing followed: no database access
                    self._snapshot, self._counts = NewsSnapshot(taken=self.clock()), None
                else:
                    self._snapshot, self._counts = await self.store.run(self._read, catalog, full)
                again = self._again

    async def retag(self) -> int:
        """Re-tag the last RETAG_DAYS of items for the content served now (once per content version),
        then rebuild the snapshot; how many items changed. Raises StoreError."""
        catalog = self.catalog()
        changed = await self.store.run(self._retag, catalog, timeout=RETAG_TIMEOUT) if catalog.feeds else 0
        await self.update(full=True)
        return changed

    def _states(self, catalog: Catalog) -> tuple[list[FeedState], dict[str, int]]:
        rows, counts = self.feeds.rows(), self.feeds.counts()
        return [feed_state(feed, rows.get(feed.id), counts.get(feed.id, 0)) for feed in catalog.feeds.values()], counts

    def _read(self, catalog: Catalog, full: bool) -> tuple[NewsSnapshot, dict[str, int]]:
        states, counts = self._states(catalog)
        current = self._snapshot
        if full or counts != self._counts or [f.id for f in current.feeds] != list(catalog.feeds):
            items = [news_item(row) for row in self.feeds.recent(catalog.feeds, SNAPSHOT_ITEMS)]
            return prepare(snapshot(items, states, self.clock())), counts
        return dataclasses.replace(current, feeds=tuple(states), taken=self.clock()), counts

    def _retag(self, catalog: Catalog) -> int:
        if self.store.get_state(TAGGED_KEY) == catalog.version:
            return 0
        changed = self.feeds.retag(self.clock() - dt.timedelta(days=RETAG_DAYS), lambda item: self.tags(catalog, item))
        self.store.set_state(TAGGED_KEY, catalog.version)
        return changed
