"""Polling the content's feeds: each every FEED_INTERVAL (with jitter), a brand-new one soon after it
appears; the catalog is read again each round, so a content reload adds and removes feeds at once."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
import random
from collections.abc import Callable
from dataclasses import dataclass

from bot.content.catalog import Catalog
from bot.content.schema import Feed
from bot.core.news import FeedState
from bot.core.schedule import utcnow
from bot.errors import FeedError, StoreError
from bot.logfields import quoted
from bot.runtime.feeds.fetch import Fetched, Fetcher
from bot.runtime.feeds.newsroom import Newsroom
from bot.runtime.feeds.parse import parse
from bot.runtime.metrics import Metrics
from bot.store.feeds import FEED_STATES, FeedRow, ItemRow

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
MAX_NEW = 100
"""New items one poll stores at most (newest first; the rest wait for the next poll, with a warning). At
least 5 minutes apart, a feed that means it rarely has this many new; one that seems to (new guids on
old posts, a flood) cannot fill the database or a digest. A first poll, announcing nothing, is not cut."""


@dataclass(frozen=True)
class PollResult:
    """What one poll did. result: new, unchanged, not_modified, failed, rate_limited or disabled (the feed
    is disabled: this poll disabled it, or it was skipped); state: the feed's state after it."""

    feed: str
    result: str
    new: int = 0
    state: str = "ok"
    reason: str = ""
    retry_at: dt.datetime | None = None


class Poller:
    """Polls the feeds of the content the newsroom serves into its store, and keeps the newsroom up to date. `start()` polls in
    the background until `stop()`; `poll_now`, `retry` and `states` are for operators, and work from a
    plain `asyncio.run` too (then `close()` when done)."""

    def __init__(
        self, newsroom: Newsroom, metrics: Metrics | None = None, *, interval: float = 900.0, max_failures: int = 10,
        retention_days: int = 90, fetcher: Fetcher | None = None, clock: Callable[[], dt.datetime] = utcnow,
        check: float = CHECK, soon: float = SOON, sync: float = SYNC,
    ) -> None:
        self.newsroom, self.store, self.feeds = newsroom, newsroom.store, newsroom.feeds
        self.metrics = metrics or Metrics()
        self.interval, self.max_failures, self.check, self.soon = interval, max_failures, check, soon
        self.sync = sync
        self.retention = dt.timedelta(days=retention_days)
        self.fetcher = fetcher or Fetcher(clock=clock)
        self.clock = clock
        self._due: dict[str, float] = {}
        self._polling: dict[str, asyncio.Task[None]] = {}
        self._catalog: Catalog | None = None
        self._task: asyncio.Task[None] | None = None

    # operators

    async def poll_now(self, feed_id: str | None = None) -> list[PollResult]:
        """Poll every feed of the catalog (or the one with `feed_id`) now; a disabled feed, or one whose
        server asked to wait, is skipped. ValueError for an unknown feed id; StoreError if the database fails."""
        done = await asyncio.gather(*(self.poll(feed) for feed in self._chosen(feed_id)), return_exceptions=True)
        for outcome in done:  # every poll has finished: none is cut off by the first failure
            if isinstance(outcome, BaseException):
                raise outcome
        return list(done)  # type: ignore[arg-type]

    async def retry(self, feed_id: str) -> bool:
        """Enable the feed again and forget its failures and any Retry-After; the running poller polls it
        soon. True if it was disabled. ValueError for an unknown feed id."""
        feed = self._chosen(feed_id)[0]
        enabled = await self.store.run(self.feeds.enable, feed.id)
        if feed.id in self._due:
            self._due[feed.id] = self._soon()
        return enabled

    async def states(self) -> list[FeedState]:
        """Every followed feed's state with its item count (bot.core.news.FeedState)."""
        return await self.newsroom.states()

    async def close(self) -> None:
        """Close the HTTP session."""
        await self.fetcher.close()

    def _chosen(self, feed_id: str | None) -> list[Feed]:
        feeds = self.newsroom.catalog().feeds
        if feed_id is None:
            return list(feeds.values())
        if feed_id not in feeds:
            raise ValueError(f"no feed {feed_id!r} in the content")
        return [feeds[feed_id]]

    # one poll

    async def poll(self, feed: Feed) -> PollResult:
        """Poll `feed` once (unless disabled or asked to wait), store what is new, update the newsroom."""
        now = self.clock()
        row = await self.store.run(self.feeds.row, feed.id)
        if row is None or row.url != feed.url:  # a new address is a new feed: no validators, seed again
            row = FeedRow(feed.id, feed.url)
        if row.state == "disabled":
            return PollResult(feed.id, "disabled", 0, row.state, row.reason)
        if row.retry_at is not None and row.retry_at > now:
            return PollResult(feed.id, "rate_limited", 0, row.state, row.reason, row.retry_at)
        try:
            fetched = await self.fetcher.fetch(feed.url, row.etag, row.last_modified)
            result = await self._succeeded(feed, row, fetched, now)
        except FeedError as exc:
            result = await self._failed(feed, row, exc, now)
        self.metrics.feed_polls.labels(feed.id, result.result).inc()
        if result.new:
            self.metrics.feed_items.labels(feed.id).inc(result.new)
        if result.new or result.state != row.state:  # else only the poll time changed: read within SYNC
            await self._update(full=result.new > 0)
        return result

    async def _succeeded(self, feed: Feed, row: FeedRow, fetched: Fetched, now: dt.datetime) -> PollResult:
        """Store the answer's new items (a first success seeds them: arrived None; at most MAX_NEW
        otherwise) and the feed's state."""
        seeding, new = row.last_success is None, 0
        if fetched.body is not None:
            items = await asyncio.to_thread(self._items, feed, fetched, None if seeding else now, now)
            new, left = await self.store.run(self.feeds.add, items, None if seeding else MAX_NEW)
            if left:
                log.warning("feed %s: %d new items in one poll, the most one poll stores; %d more listed item(s) "
                            "wait for the next poll", quoted(feed.id), new, left)
        await self.store.run(self.feeds.save, dataclasses.replace(
            row, etag=fetched.etag or row.etag, last_modified=fetched.last_modified or row.last_modified,
            last_poll=now, last_success=now, last_new=now if new and not seeding else row.last_new,
            failures=0, state="ok", reason="", retry_at=None,
        ), row.last_success if fetched.body is None else None)
        news = f"first poll, {new} item(s) stored as already known" if seeding else f"{new} new item(s)" if new else ""
        recovered = f"recovered after {row.failures} failed poll(s)" if row.failures else ""
        if news or recovered:
            log.info("feed %s: %s", quoted(feed.id), "; ".join(part for part in (recovered, news) if part))
        outcome = "not_modified" if fetched.body is None else "new" if new else "unchanged"
        return PollResult(feed.id, outcome, new, "ok")

    def _items(self, feed: Feed, fetched: Fetched, arrived: dt.datetime | None, now: dt.datetime) -> list[ItemRow]:
        """The answer's items newest first, parsed and tagged for the content served now (in a worker
        thread). Items already past retention are left out: stored, they would be announced as new, and
        pruned within the hour, then stored again by the next poll."""
        catalog, oldest = self.newsroom.catalog(), now - self.retention
        kept = [item for item in parse(feed.id, fetched.body or b"", fetched.content_type, fetched.url, now)
                if item.published >= oldest]
        return [
            dataclasses.replace(item, tags=self.newsroom.tags(catalog, item), arrived=arrived)
            for item in sorted(kept, key=lambda item: item.published, reverse=True)
        ]

    async def _failed(self, feed: Feed, row: FeedRow, exc: FeedError, now: dt.datetime) -> PollResult:
        if exc.retry_at is not None and not exc.disable:  # 429 or 503 with Retry-After: waited out, not a failure
            reason = f"{exc}; asked to wait until {exc.retry_at:%Y-%m-%d %H:%M} UTC"
            await self.store.run(self.feeds.save, dataclasses.replace(
                row, last_poll=now, reason=reason, retry_at=exc.retry_at))
            log.info("feed %s: %s", quoted(feed.id), reason)
            return PollResult(feed.id, "rate_limited", 0, row.state, reason, exc.retry_at)
        failures, reason = row.failures + 1, str(exc)
        state = "disabled" if exc.disable or failures >= self.max_failures else "failing"
        await self.store.run(self.feeds.save, dataclasses.replace(
            row, last_poll=now, failures=failures, state=state, reason=reason, retry_at=exc.retry_at,
        ))
        if state == "disabled":
            log.warning("feed %s: disabled after %d failed poll(s): %s", quoted(feed.id), failures, reason)
            return PollResult(feed.id, "disabled", 0, state, reason)
        log.warning("feed %s: poll failed (%d of %d): %s", quoted(feed.id), failures, self.max_failures, reason)
        return PollResult(feed.id, "failed", 0, state, reason)

    # the background loop

    def start(self) -> None:
        """Poll in the background on the running loop until `stop()`."""
        self._task = asyncio.create_task(self._run())

    async def stop(self, timeout: float = 5.0) -> None:
        """Cancel the loop and the polls in flight (they are safe to repeat), and close the session."""
        tasks = [task for task in (self._task, *self._polling.values()) if task is not None]
        for task in tasks:
            task.cancel()
        if tasks:
            await asyncio.wait(tasks, timeout=timeout)
        await self.close()

    async def _run(self) -> None:
        loop = asyncio.get_running_loop()
        next_prune = next_sync = loop.time()
        while True:
            try:
                if loop.time() >= next_sync:
                    next_sync = loop.time() + self.sync
                    await self._sync()
                await self._round(loop.time())
                if self._due and loop.time() >= next_prune:
                    next_prune = loop.time() + PRUNE_EVERY
                    await self._prune()
            except StoreError as exc:
                log.warning("feeds: database failed (%s); trying again in %.0f s", exc, self.check)
            except Exception:  # noqa: BLE001 - a bug: logged with its traceback, and polling goes on
                log.exception("feeds: polling round failed unexpectedly")
            waits = [due - loop.time() for feed_id, due in self._due.items() if feed_id not in self._polling]
            await asyncio.sleep(max(0.0, min([self.check, *waits])))

    async def _sync(self) -> None:
        """Read what others wrote: items another replica or `newsbot feeds poll` stored, and feeds that
        `newsbot feeds retry` enabled (polled soon)."""
        disabled = {feed.id for feed in self.newsroom.latest().feeds if feed.state == "disabled"}
        await self._update()
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
                    now + random.uniform(0, self.interval), row.retry_at
                )
        changed = await self.newsroom.retag()
        if changed:
            log.info("feeds: %d recent item(s) tagged again for content version %s", changed, catalog.version)
        self._count()
        self._catalog = catalog

    async def _scheduled(self, feed: Feed) -> None:
        """One background poll; plans the next."""
        retry_at = None
        try:
            retry_at = (await self.poll(feed)).retry_at
        except StoreError as exc:
            log.warning("feed %s: database failed (%s)", quoted(feed.id), exc)
        except Exception:  # noqa: BLE001 - a bug: logged with its traceback, and the feed is polled again later
            log.exception("feed %s: poll failed unexpectedly", quoted(feed.id))
        finally:
            del self._polling[feed.id]
        if feed.id in self._due:
            loop = asyncio.get_running_loop()
            self._due[feed.id] = self._after(loop.time() + self.interval * random.uniform(1 - JITTER, 1 + JITTER), retry_at)

    async def _prune(self) -> None:
        deleted = await self.store.run(self.feeds.prune, self.clock() - self.retention)
        if deleted:
            log.info("feeds: %d item(s) older than %d days deleted", deleted, self.retention.days)
            await self._update(full=True)

    async def _update(self, full: bool = False) -> None:
        """Read the newsroom's snapshot again (bot.runtime.feeds.newsroom), and count the feeds by state."""
        await self.newsroom.update(full)
        self._count()

    def _count(self) -> None:
        """newsbot_feeds{state}: the followed feeds in each state, as the newsroom's snapshot has them."""
        states = [feed.state for feed in self.newsroom.latest().feeds]
        for state in FEED_STATES:
            self.metrics.feeds.labels(state).set(states.count(state))

    def _soon(self, now: float | None = None) -> float:
        return (asyncio.get_running_loop().time() if now is None else now) + random.uniform(0, self.soon)

    def _after(self, due: float, retry_at: dt.datetime | None) -> float:
        """`due`, or later if the server asked not to be polled before `retry_at`."""
        if retry_at is None:
            return due
        return max(due, asyncio.get_running_loop().time() + (retry_at - self.clock()).total_seconds())
