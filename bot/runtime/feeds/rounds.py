"""A Poller's background rounds: each feed polled every FEED_INTERVAL (with jitter), a brand-new one
soon after it appears; the catalog is read again each round, so a content reload adds and removes feeds
at once; what other processes stored is read every SYNC seconds, and old items pruned every hour."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import random
from typing import TYPE_CHECKING

from bot.content.catalog import Catalog
from bot.content.schema import Feed
from bot.errors import StoreError
from bot.logfields import quoted

if TYPE_CHECKING:
    from bot.runtime.feeds.poller import Poller

log = logging.getLogger("newsbot.feeds")

SOON = 5.0
"""Seconds within which a feed never polled before gets its first poll."""
JITTER = 0.1
"""Each interval is stretched or shrunk by up to this fraction, so feeds polled together drift apart."""
CHECK = 5.0
"""Seconds between looks at the catalog (a reload is noticed within this)."""
SYNC = 30.0
"""Seconds between reads of what other processes stored (items, feeds enabled again)."""
PRUNE_EVERY = 3600.0
"""Seconds between deletions of items older than FEED_RETENTION_DAYS."""


class Rounds:
    """Polls `poller`'s feeds in the background on the running loop, from `start()` until `stop()`, with
    the poller's settings (interval, check, soon, sync, retention)."""

    def __init__(self, poller: Poller) -> None:
        self.poller, self.newsroom, self.store, self.feeds = poller, poller.newsroom, poller.store, poller.feeds
        self._due: dict[str, float] = {}
        self._polling: dict[str, asyncio.Task[None]] = {}
        self._catalog: Catalog | None = None
        self._task: asyncio.Task[None] | None = None

    def start(self) -> None:
        self._task = asyncio.create_task(self._run())

    async def stop(self, timeout: float) -> None:
        """Cancel the loop and the polls in flight (they are safe to repeat)."""
        tasks = [task for task in (self._task, *self._polling.values()) if task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)

    def soon(self, feed_id: str) -> None:
        """Poll the feed soon (an operator enabled it again), if it is followed."""
        if feed_id in self._due:
            self._due[feed_id] = self._soon()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_prune = next_sync = loop.time()
        while True:
            try:
                if loop.time() >= next_sync:
                    next_sync = loop.time() + self.poller.sync
                    await self._sync()
                await self._round(loop.time())
                if self._due and loop.time() >= next_prune:
                    next_prune = loop.time() + PRUNE_EVERY
                    await self._prune()
            except StoreError as exc:
                log.warning("feeds: database failed (%s); trying again in %.0f s", exc, self.poller.check)
            except Exception:  # noqa: BLE001 - a bug: logged with its traceback, and polling goes on
                log.exception("feeds: polling round failed unexpectedly")
            waits = [due - loop.time() for feed_id, due in self._due.items() if feed_id not in self._polling]
            await asyncio.sleep(max(0.0, min([self.poller.check, *waits])))

    async def _sync(self) -> None:
        """Read what others wrote: items another replica or `newsbot feeds poll` stored, and feeds that
        `newsbot feeds retry` enabled (polled soon)."""
        disabled = {feed.id for feed in self.newsroom.latest().feeds if feed.state == "disabled"}
        await self.poller.refresh()
        for feed in self.newsroom.latest().feeds:
            if feed.id in disabled and feed.state != "disabled" and feed.id in self._due:
                self._due[feed.id] = self._soon()
                log.info("feed %s: enabled again by an operator", quoted(feed.id))

    async def _round(self, now: float) -> None:
        """Follow the catalog's changes, then start the polls that are due."""
        catalog = self.newsroom.catalog()
        if catalog is not self._catalog:
            await self._follow(catalog, now)
        for feed_id, due in self._due.items():
            if due <= now and feed_id not in self._polling:
                self._polling[feed_id] = asyncio.create_task(self._scheduled(catalog.feeds[feed_id]))

    async def _follow(self, catalog: Catalog, now: float) -> None:
        """Plan the feeds `catalog` adds, forget the ones it removes, enable again the disabled ones whose
        entry changed (an operator's fix), and re-tag the recent items for it."""
        previous = self._catalog.feeds if self._catalog is not None else None
        rows = await self.store.run(self.feeds.rows) if set(catalog.feeds) - set(self._due) else {}
        for feed_id in set(self._due) - set(catalog.feeds):
            del self._due[feed_id]
        for feed in catalog.feeds.values():
            if previous is not None and previous.get(feed.id) not in (None, feed):
                self._due[feed.id] = self._soon(now)
                if await self.store.run(self.feeds.enable, feed.id):
                    log.info("feed %s: enabled again (its entry changed)", quoted(feed.id))
            elif feed.id not in self._due:
                row = rows.get(feed.id)
                self._due[feed.id] = self._soon(now) if row is None or row.last_poll is None else self._after(
                    now + random.uniform(0, self.poller.interval), row.retry_at
                )
        changed = await self.newsroom.retag()
        if changed:
            log.info("feeds: %d recent item(s) tagged again for content version %s", changed, catalog.version)
        self.poller.count_states()
        self._catalog = catalog

    async def _scheduled(self, feed: Feed) -> None:
        """One background poll; plans the next."""
        retry_at = None
        try:
            retry_at = (await self.poller.poll(feed)).retry_at
        except StoreError as exc:
            log.warning("feed %s: database failed (%s)", quoted(feed.id), exc)
        except Exception:  # noqa: BLE001 - a bug: logged with its traceback, and the feed is polled again later
            log.exception("feed %s: poll failed unexpectedly", quoted(feed.id))
        finally:
            del self._polling[feed.id]
        if feed.id in self._due:
            interval = self.poller.interval * random.uniform(1 - JITTER, 1 + JITTER)
            self._due[feed.id] = self._after(asyncio.get_running_loop().time() + interval, retry_at)

    async def _prune(self) -> None:
        retention = self.poller.retention
        deleted = await self.store.run(self.feeds.prune, self.poller.clock() - retention)
        if deleted:
            log.info("feeds: %d item(s) older than %d days deleted", deleted, retention.days)
            await self.poller.refresh(full=True)

    def _soon(self, now: float | None = None) -> float:
        return (asyncio.get_running_loop().time() if now is None else now) + random.uniform(0, self.poller.soon)

    def _after(self, due: float, retry_at: dt.datetime | None) -> float:
        """`due`, or later if the server asked not to be polled before `retry_at`."""
        if retry_at is None:
            return due
        return max(due, asyncio.get_running_loop().time() + (retry_at - self.poller.clock()).total_seconds())
