"""Polling the content's feeds: one poll of a feed (fetched, parsed, stored, the newsroom updated), for
operators and for the background rounds (bot.runtime.feeds.rounds)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
import logging
from collections.abc import Callable, Iterable
from dataclasses import dataclass

from bot.content.schema import Feed
from bot.core.news import FeedState
from bot.core.schedule import utcnow
from bot.errors import FeedError
from bot.logfields import quoted
from bot.runtime.feeds.fetch import MAX_BODY, TIMEOUT, Fetched, Fetcher
from bot.runtime.feeds.guard import Network
from bot.runtime.feeds.newsroom import Newsroom
from bot.runtime.feeds.parse import parse
from bot.runtime.feeds.rounds import CHECK, SOON, SYNC, Rounds
from bot.runtime.metrics import Metrics
from bot.store.feeds import FEED_STATES, FeedRow, ItemRow

log = logging.getLogger("newsbot.feeds")

MAX_NEW = 100
"""New items one poll stores at most (newest first; the rest are tried by the next poll, with a warning).
At least 5 minutes apart, a feed that means it rarely has this many new; one that seems to (a flood)
cannot fill the database or a digest. A first poll, announcing nothing, is not cut."""


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
    """Polls the feeds of the content the newsroom serves into its store, and keeps the newsroom up to
    date. `start()` polls in the background until `stop()`; `poll_now`, `retry` and `states` are for
    operators, and work from a plain `asyncio.run` too (then `close()` when done). `allow_private`: the
    internal networks feeds may reach (FEED_ALLOW_PRIVATE); `timeout` and `max_body` bound each request."""

    def __init__(
        self, newsroom: Newsroom, metrics: Metrics | None = None, *, interval: float = 900.0, max_failures: int = 10,
        retention_days: int = 90, allow_private: Iterable[Network] = (), clock: Callable[[], dt.datetime] = utcnow,
        check: float = CHECK, soon: float = SOON, sync: float = SYNC, timeout: float = TIMEOUT,
        max_body: int = MAX_BODY,
    ) -> None:
        self.newsroom, self.store, self.feeds = newsroom, newsroom.store, newsroom.feeds
        self.metrics = metrics or Metrics()
        self.interval, self.max_failures, self.check, self.soon, self.sync = interval, max_failures, check, soon, sync
        self.retention, self.clock = dt.timedelta(days=retention_days), clock
        self.fetcher = Fetcher(timeout=timeout, max_body=max_body, clock=clock, allow_private=allow_private)
        self._rounds: Rounds | None = None

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
        if self._rounds is not None:
            self._rounds.soon(feed.id)
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
            await self.refresh(full=result.new > 0)
        return result

    async def _succeeded(self, feed: Feed, row: FeedRow, fetched: Fetched, now: dt.datetime) -> PollResult:
        """Store the answer's new items (a first success seeds them: arrived None; at most MAX_NEW
        otherwise) and the feed's state. After a poll cut short by MAX_NEW the validators stay the old
        ones: the next poll must get the items left untried, not a 304."""
        seeding, new, left = row.last_success is None, 0, 0
        if fetched.body is not None:
            items = await asyncio.to_thread(self._items, feed, fetched, None if seeding else now, now)
            new, left = await self.store.run(self.feeds.add, items, None if seeding else MAX_NEW)
            if left:
                log.warning("feed %s: %d new items in one poll, the most one poll stores; %d more listed item(s) "
                            "not tried, left for the next poll", quoted(feed.id), new, left)
        etag, last_modified = (row.etag, row.last_modified) if left else (fetched.etag, fetched.last_modified)
        await self.store.run(self.feeds.save, dataclasses.replace(
            row, etag=etag or row.etag, last_modified=last_modified or row.last_modified, last_poll=now,
            last_success=now, last_new=now if new and not seeding else row.last_new, failures=0, state="ok", reason="",
            retry_at=None,
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
        items = parse(feed.id, fetched.body or b"", fetched.content_type, fetched.url, now)
        kept = sorted((item for item in items if item.published >= oldest), key=lambda item: item.published,
                      reverse=True)
        return [dataclasses.replace(item, tags=self.newsroom.tags(catalog, item), arrived=arrived) for item in kept]

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
            row, last_poll=now, failures=failures, state=state, reason=reason, retry_at=exc.retry_at))
        if state == "disabled":
            log.warning("feed %s: disabled after %d failed poll(s): %s", quoted(feed.id), failures, reason)
            return PollResult(feed.id, "disabled", 0, state, reason)
        log.warning("feed %s: poll failed (%d of %d): %s", quoted(feed.id), failures, self.max_failures, reason)
        return PollResult(feed.id, "failed", 0, state, reason)

    # the background loop (bot.runtime.feeds.rounds)

    def start(self) -> None:
        """Poll in the background on the running loop until `stop()`."""
        self._rounds = Rounds(self)
        self._rounds.start()

    async def stop(self, timeout: float = 5.0) -> None:
        """Cancel the loop and the polls in flight (they are safe to repeat), and close the session."""
        if self._rounds is not None:
            await self._rounds.stop(timeout)
        await self.close()

    async def refresh(self, full: bool = False) -> None:
        """Read the newsroom's snapshot again (bot.runtime.feeds.newsroom), and count the feeds by state."""
        await self.newsroom.update(full)
        self.count_states()

    def count_states(self) -> None:
        """newsbot_feeds{state}: the followed feeds in each state, as the newsroom's snapshot has them."""
        states = [feed.state for feed in self.newsroom.latest().feeds]
        for state in FEED_STATES:
            self.metrics.feeds.labels(state).set(states.count(state))
