"""Delivering one slot of one subscription: claim it (exactly once across replicas), compose, post with
bounded retries, record the result, and pause a channel that keeps refusing."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from dataclasses import dataclass
from typing import Any, TypeVar

import aiohttp

from bot.adapters.base import Platform
from bot.content.catalog import Catalog
from bot.core.digest_compose import compose
from bot.core.digests import Delivery, Digest, Snapshot
from bot.core.news import NewsDesk
from bot.core.request import Channel
from bot.core.schedule import utcnow
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited, StoreError, TokenRefused
from bot.logfields import quoted
from bot.runtime.metrics import Metrics
from bot.store import Store
from bot.store.digests import DigestStore, SubscriptionRow

log = logging.getLogger("newsbot.digests")

ATTEMPTS = 4
"""Posting attempts per slot (rate limits and refusals whose result is known)."""
BACKOFF = 2.0
"""Seconds before the second attempt after a refusal that is not a rate limit; doubles each time."""
LONGEST_WAIT = 120.0
"""The longest Retry-After waited for; a longer one gives the slot up (failed, logged)."""
PAUSE_AFTER = 3
"""Consecutive 'channel gone' or 'no access' failures after which a subscription is paused."""
PER_PLATFORM = 10
"""Posts in flight at once per platform; waits for a rate limit happen outside this bound."""
RECORD_TRIES = 3
"""Tries at recording the result of a digest that was posted (the post itself is never repeated)."""
RECORD_PAUSE = 1.0
"""Seconds before the second try at recording a posted digest; doubles each time."""
COMPOSERS = 2
"""Threads of the Deliverer's own that compose digests: never the default pool, which `/digest now`
blocks while it waits for its delivery."""

T = TypeVar("T")


@dataclass
class Progress:
    """How far one delivery got: whether a post is in flight, and whether one went out."""

    posting: bool = False
    posted: bool = False
    unknown: bool = False
    """A post's result was unknown (retried once with the same key): it may have gone out."""


def channel_of(row: SubscriptionRow) -> Channel:
    """Where a subscription posts."""
    return Channel(platform=row.platform, workspace=row.workspace, channel=row.channel, thread=row.thread)


DEDUPLICATED = frozenset({"discord"})
"""Platforms that recognise a repeated post by its key (Discord's enforced nonce, kept a few minutes):
there a post whose result is unknown is retried once, with the same key. Slack has nothing like it."""


def delivery_key(delivery_id: int) -> str:
    """The key every post of one delivery carries (Discord's nonce: at most 25 characters)."""
    return f"d{delivery_id}"


def result_unknown(exc: PostError) -> bool:
    """True when the post may have arrived although it failed (the connection broke or timed out after
    the request went out): never retried on Slack, retried once with the same key where the platform
    deduplicates (DEDUPLICATED)."""
    cause = exc.__cause__
    if isinstance(cause, aiohttp.ClientConnectorError | ConnectionRefusedError):
        return False  # never connected: nothing was sent
    return isinstance(cause, aiohttp.ClientError | OSError | TimeoutError)


def _previous(row: SubscriptionRow) -> Snapshot | None:
    if not row.snapshot:
        return None
    try:
        snapshot = json.loads(row.snapshot)
    except ValueError:
        log.warning("digest subscription=%d: stored snapshot unreadable; composing a first digest", row.id)
        return None
    return snapshot if isinstance(snapshot, dict) else None


class Deliverer:
    """Delivers slots as tasks of their own, so one slow channel never holds up another."""

    def __init__(
        self, store: Store, digests: DigestStore, catalog: Callable[[], Catalog], platforms: Mapping[str, Platform],
        *, top_n: int, empty: str, replica: str, chart: bool = False, work: Callable[[], AbstractAsyncContextManager[Any]] | None = None,
        clock: Callable[[], dt.datetime] = utcnow, news: NewsDesk | None = None, metrics: Metrics | None = None,
    ) -> None:
        self.store, self.digests, self.catalog, self.platforms = store, digests, catalog, platforms
        self.metrics = metrics
        self.news = news
        self.top_n, self.empty, self.replica, self.clock = top_n, empty, replica, clock
        self.chart = chart
        self.work = work or contextlib.nullcontext
        self._limits = {name: asyncio.Semaphore(PER_PLATFORM) for name in platforms}
        self.tasks: set[asyncio.Task[Delivery]] = set()
        self.unread: dict[int, dt.datetime] = {}
        """Scheduled slots (newest per subscription) whose delivery failed on the database before it
        claimed them: the scheduler tries them again once the database answers (within DIGEST_GRACE)."""
        self._composers: ThreadPoolExecutor | None = None

    def spawn(self, subscription_id: int, slot: dt.datetime) -> asyncio.Task[Delivery]:
        """Deliver in a task of its own (kept until done, awaited by `drain`)."""
        task = asyncio.create_task(self.deliver(subscription_id, slot))
        self.tasks.add(task)
        task.add_done_callback(self.tasks.discard)
        return task

    async def drain(self, timeout: float) -> None:
        """Wait up to `timeout` s for deliveries in flight, then cancel the rest (settled at next start)."""
        if self.tasks:
            _, pending = await asyncio.wait(set(self.tasks), timeout=timeout)
            for task in pending:
                task.cancel()
            await asyncio.gather(*pending, return_exceptions=True)
        if self._composers is not None:
            self._composers.shutdown(wait=False, cancel_futures=True)
            self._composers = None

    async def deliver(self, subscription_id: int, slot: dt.datetime, *, manual: bool = False) -> Delivery:
        """Deliver `slot` (aware) of the subscription unless another replica claimed it; never raises."""
        async with self.work():
            claimed = [False]
            try:
                return await self._deliver(subscription_id, slot, manual, claimed)
            except StoreError as exc:
                log.error("digest subscription=%d slot=%s: database failed: %s", subscription_id, slot.isoformat(), exc)
                if not manual and not claimed[0]:
                    newest = self.unread.get(subscription_id)
                    if newest is None or newest < slot:
                        self.unread[subscription_id] = slot
                return Delivery(False, "the database is not answering; try again later")

    async def _deliver(self, subscription_id: int, slot: dt.datetime, manual: bool, claimed: list[bool]) -> Delivery:
        row = await self.store.run(self.digests.get_by_id, subscription_id)
        if row is None:
            return Delivery(False, "this channel has no digest subscription")
        if row.paused and not manual:
            return Delivery(False, "the subscription is paused")
        platform = self.platforms.get(row.platform)
        if platform is None:
            return Delivery(False, f"{row.platform} is not running in this process")
        delivery_id = await self.store.run(self.digests.claim, row.id, slot, self.replica)
        claimed[0] = True
        if delivery_id is None:
            return Delivery(False, "that digest was already delivered")
        progress = Progress()
        try:
            outcome = await self._compose_and_post(platform, row, delivery_id, slot, progress)
        except (StoreError, asyncio.CancelledError) as exc:
            if progress.unknown and not isinstance(exc, asyncio.CancelledError):
                detail = f"the result of a post is unknown and the database failed before its retry: {exc}"
                await self._settle_unposted(row, delivery_id, slot, detail, "uncertain")
                return Delivery(False, f"{detail}; it may have been posted")
            if progress.posted or progress.posting or progress.unknown:
                raise  # it went out, or may have: the claim is settled 'uncertain' later
            cancelled = isinstance(exc, asyncio.CancelledError)
            why = "stopped before posting" if cancelled else f"database failed before posting: {exc}"
            await self._settle_unposted(row, delivery_id, slot, why)
            raise
        if isinstance(outcome, Delivery):
            return outcome
        state, detail, digest = outcome
        if state != "posted":
            await self._finish(row, delivery_id, slot, state, detail)
            return Delivery(False, detail)
        # Posted: nothing that happens from here on may say otherwise (a retry would post it twice).
        recorded = await self._record(row, slot, "the result", self._finish, row, delivery_id, slot, state, detail)
        snapshot = json.dumps(digest.snapshot, sort_keys=True)
        saved = await self._record(
            row, slot, "the snapshot", self.store.run, self.digests.delivered, row.id, slot, snapshot, self.clock()
        )
        if recorded and saved:
            return Delivery(True, "posted")
        return Delivery(True, "posted (the database did not record it: the next digest may repeat some news)")

    async def _compose_and_post(
        self, platform: Platform, row: SubscriptionRow, delivery_id: int, slot: dt.datetime, progress: Progress,
    ) -> Delivery | tuple[str, str, Digest]:
        """Compose and post the claimed slot: a Delivery when it ends before posting (recorded), else
        (state, detail, digest) from posting, not yet recorded."""
        try:
            digest = await asyncio.get_running_loop().run_in_executor(self._composer(), self._compose, row)
        except Exception:  # noqa: BLE001 - recorded and logged; the other channels go on
            log.exception("digest subscription=%d: composing failed", row.id)
            await self._finish(row, delivery_id, slot, "failed", "composing the digest failed")
            return Delivery(False, "composing the digest failed; the log has the details")
        if not digest.news and self.empty == "skip":
            await self._finish(row, delivery_id, slot, "empty", "nothing new since the last digest")
            return Delivery(False, "nothing new since the last digest (DIGEST_EMPTY=skip)")
        state, detail = await self._post(platform, row, delivery_id, digest.answer, progress)
        return state, detail, digest

    def _composer(self) -> ThreadPoolExecutor:
        if self._composers is None:
            self._composers = ThreadPoolExecutor(COMPOSERS, thread_name_prefix="newsbot-digest")
        return self._composers

    async def _settle_unposted(
        self, row: SubscriptionRow, delivery_id: int, slot: dt.datetime, why: str, state: str = "failed",
    ) -> None:
        """Record a claimed slot that was certainly not posted as failed, or `state` (best effort: if the
        database fails too, the claim is settled 'uncertain' later)."""
        try:
            await asyncio.shield(self._finish(row, delivery_id, slot, state, why))
        except (StoreError, asyncio.CancelledError) as exc:
            log.warning("digest subscription=%d slot=%s: could not record %r: %s", row.id, slot.isoformat(), why, exc)

    async def _record(
        self, row: SubscriptionRow, slot: dt.datetime, what: str, call: Callable[..., Any], *args: Any,
    ) -> bool:
        """Record something about a posted digest, trying RECORD_TRIES times; False (logged) if it failed."""
        pause = RECORD_PAUSE
        for attempt in range(1, RECORD_TRIES + 1):
            try:
                await call(*args)
                return True
            except StoreError as exc:
                if attempt == RECORD_TRIES:
                    log.error(
                        "digest subscription=%d slot=%s: posted, but the database failed recording %s: %s",
                        row.id, slot.isoformat(), what, exc,
                    )
                    return False
            await asyncio.sleep(pause)
            pause *= 2
        return False

    def _compose(self, row: SubscriptionRow) -> Digest:
        return compose(
            self.catalog(), _previous(row), top_n=self.top_n, since=row.last_delivery, chart=self.chart,
            news=self.news.latest() if self.news is not None else None,
        )

    async def _post(
        self, platform: Platform, row: SubscriptionRow, delivery_id: int, answer: Any, progress: Progress,
    ) -> tuple[str, str]:
        """Post with bounded retries; (state, detail) for the delivery. `progress` tells a cancellation
        whether a post was in flight."""
        channel = channel_of(row)
        key = delivery_key(delivery_id)
        may_have_posted = False  # a result unknown, retried once with the same key where that is safe
        wait = BACKOFF
        detail = ""
        for attempt in range(1, ATTEMPTS + 1):
            await self.store.run(self.digests.attempt, delivery_id)
            try:
                async with self._limits[row.platform]:
                    progress.posting = True
                    try:
                        await platform.post(channel, answer, key=key)
                    except Exception:
                        progress.posting = False  # refused or failed: a cancellation now finds it not in flight
                        raise
                progress.posting, progress.posted = False, True
                return "posted", f"attempt {attempt}"
            except (PostError, TokenRefused) as exc:
                if may_have_posted:
                    return "uncertain", f"{exc}; after an earlier result unknown, it may have been posted"
                if isinstance(exc, TokenRefused):  # no retry can work, and the channel is not at fault: no pause
                    return "failed", str(exc)
                if isinstance(exc, RateLimited):
                    detail = str(exc)
                    if exc.retry_after > LONGEST_WAIT:
                        return "failed", f"rate limited for {exc.retry_after:.0f} s: {detail}"
                    pause = exc.retry_after
                elif isinstance(exc, ChannelGone | NoAccess):
                    count = await self.store.run(self.digests.failed, row.id, str(exc)[:500], PAUSE_AFTER)
                    if count >= PAUSE_AFTER:
                        log.warning("digest subscription=%d paused after %d failures: %s", row.id, count, exc)
                    return "failed", str(exc)
                elif result_unknown(exc):
                    if row.platform not in DEDUPLICATED or attempt == ATTEMPTS:
                        return "uncertain", f"{exc}; not retried, it may have been posted"
                    # the same key once more: the platform drops the repeat if the first one arrived
                    may_have_posted = progress.unknown = True
                    log.info("digest subscription=%d: result unknown (%s); retrying once with key %s", row.id, exc, key)
                    detail, pause = str(exc), BACKOFF
                else:
                    detail, pause, wait = str(exc), wait, wait * 2
            if attempt < ATTEMPTS:
                await asyncio.sleep(pause)
        return "failed", f"gave up after {ATTEMPTS} attempts: {detail}"

    async def _finish(self, row: SubscriptionRow, delivery_id: int, slot: dt.datetime, state: str, detail: str) -> None:
        await self.store.run(self.digests.finish, delivery_id, state, detail[:1000])
        if self.metrics is not None:
            self.metrics.digest_deliveries.labels(row.platform, state).inc()
        level = logging.INFO if state in ("posted", "empty") else logging.WARNING
        log.log(
            level, "digest subscription=%d platform=%s where=%s slot=%s outcome=%s%s", row.id, row.platform,
            quoted(str(channel_of(row))), slot.isoformat(), state, f" detail={quoted(detail)}" if detail else "",
        )

    async def settle(self, before: dt.datetime | None = None, replica: str | None = None) -> int:
        """Mark claims left by a crash between claim and result 'uncertain' (logged, not retried: Slack
        cannot recognise a repeated post, and Discord only for a few minutes). Claims older than `before`,
        or any of `replica`'s (this process's exact id)."""
        rows = await self.store.run(self.digests.unsettled)
        cutoff = before or self.clock()
        stale = [r for r in rows if r.replica == replica or (r.claimed_at is not None and r.claimed_at < cutoff)]
        for row in stale:
            await self.store.run(
                self.digests.finish, row.id, "uncertain", "the process stopped between claim and result; not retried"
            )
            log.warning(
                "digest subscription=%d slot=%s outcome=uncertain: claimed by %s, which stopped before recording "
                "the result; it may or may not have been posted, and is not retried",
                row.subscription_id, row.slot.isoformat(), quoted(row.replica),
            )
        return len(stale)
