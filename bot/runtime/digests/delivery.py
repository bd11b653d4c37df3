"""Delivering one slot of one subscription: claim it (exactly once across replicas), compose, post with
bounded retries, record the result, and pause a channel that keeps refusing."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any

import aiohttp

from bot.adapters.base import Platform
from bot.content.catalog import Catalog
from bot.core.digest_compose import compose
from bot.core.digests import Delivery, Digest, Snapshot
from bot.core.request import Channel
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited, StoreError
from bot.logfields import quoted
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


def utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def channel_of(row: SubscriptionRow) -> Channel:
    """Where a subscription posts."""
    return Channel(platform=row.platform, workspace=row.workspace, channel=row.channel, thread=row.thread)


def result_unknown(exc: PostError) -> bool:
    """True when the post may have arrived although it failed (the connection broke or timed out after
    the request went out): such a post is never retried, since neither platform lets us deduplicate."""
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
        *, top_n: int, empty: str, replica: str, work: Callable[[], AbstractAsyncContextManager[Any]] | None = None,
        clock: Callable[[], dt.datetime] = utcnow,
    ) -> None:
        self.store, self.digests, self.catalog, self.platforms = store, digests, catalog, platforms
        self.top_n, self.empty, self.replica, self.clock = top_n, empty, replica, clock
        self.work = work or contextlib.nullcontext
        self._limits = {name: asyncio.Semaphore(PER_PLATFORM) for name in platforms}
        self.tasks: set[asyncio.Task[Delivery]] = set()

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

    async def deliver(self, subscription_id: int, slot: dt.datetime, *, manual: bool = False) -> Delivery:
        """Deliver `slot` (aware) of the subscription unless another replica claimed it; never raises."""
        async with self.work():
            try:
                return await self._deliver(subscription_id, slot, manual)
            except StoreError as exc:
                log.error("digest subscription=%d slot=%s: database failed: %s", subscription_id, slot.isoformat(), exc)
                return Delivery(False, "the database is not answering; try again later")

    async def _deliver(self, subscription_id: int, slot: dt.datetime, manual: bool) -> Delivery:
        row = await self.store.run(self.digests.get_by_id, subscription_id)
        if row is None:
            return Delivery(False, "this channel has no digest subscription")
        if row.paused and not manual:
            return Delivery(False, "the subscription is paused")
        platform = self.platforms.get(row.platform)
        if platform is None:
            return Delivery(False, f"{row.platform} is not running in this process")
        delivery_id = await self.store.run(self.digests.claim, row.id, slot, self.replica)
        if delivery_id is None:
            return Delivery(False, "that digest was already delivered")
        try:
            digest = await asyncio.to_thread(self._compose, row)
        except Exception:  # noqa: BLE001 - recorded and logged; the other channels go on
            log.exception("digest subscription=%d: composing failed", row.id)
            await self._finish(row, delivery_id, slot, "failed", "composing the digest failed")
            return Delivery(False, "composing the digest failed; the log has the details")
        if not digest.news and self.empty == "skip":
            await self._finish(row, delivery_id, slot, "empty", "nothing new since the last digest")
            return Delivery(False, "nothing new since the last digest (DIGEST_EMPTY=skip)")
        state, detail = await self._post(platform, row, delivery_id, digest.answer)
        await self._finish(row, delivery_id, slot, state, detail)
        if state == "posted":
            await self.store.run(
                self.digests.delivered, row.id, slot, json.dumps(digest.snapshot, sort_keys=True), self.clock()
            )
            return Delivery(True, "posted")
        return Delivery(False, detail)

    def _compose(self, row: SubscriptionRow) -> Digest:
        return compose(self.catalog(), _previous(row), top_n=self.top_n, since=row.last_delivery)

    async def _post(self, platform: Platform, row: SubscriptionRow, delivery_id: int, answer: Any) -> tuple[str, str]:
        """Post with bounded retries; (state, detail) for the delivery."""
        channel = channel_of(row)
        wait = BACKOFF
        detail = ""
        for attempt in range(1, ATTEMPTS + 1):
            await self.store.run(self.digests.attempt, delivery_id)
            try:
                async with self._limits[row.platform]:
                    await platform.post(channel, answer)
                return "posted", f"attempt {attempt}"
            except RateLimited as exc:
                detail = str(exc)
                if exc.retry_after > LONGEST_WAIT:
                    return "failed", f"rate limited for {exc.retry_after:.0f} s: {detail}"
                pause = exc.retry_after
            except (ChannelGone, NoAccess) as exc:
                count = await self.store.run(self.digests.failed, row.id, str(exc)[:500], PAUSE_AFTER)
                if count >= PAUSE_AFTER:
                    log.warning("digest subscription=%d paused after %d failures: %s", row.id, count, exc)
                return "failed", str(exc)
            except PostError as exc:
                if result_unknown(exc):
                    return "uncertain", f"{exc}; not retried, it may have been posted"
                detail, pause, wait = str(exc), wait, wait * 2
            if attempt < ATTEMPTS:
                await asyncio.sleep(pause)
        return "failed", f"gave up after {ATTEMPTS} attempts: {detail}"

    async def _finish(self, row: SubscriptionRow, delivery_id: int, slot: dt.datetime, state: str, detail: str) -> None:
        await self.store.run(self.digests.finish, delivery_id, state, detail[:1000])
        level = logging.INFO if state in ("posted", "empty") else logging.WARNING
        log.log(
            level, "digest subscription=%d platform=%s where=%s slot=%s outcome=%s%s", row.id, row.platform,
            quoted(str(channel_of(row))), slot.isoformat(), state, f" detail={quoted(detail)}" if detail else "",
        )

    async def settle(self, before: dt.datetime | None = None, replica: str | None = None) -> int:
        """Mark claims left by a crash between claim and result 'uncertain' (logged, not retried: neither
        platform deduplicates a repeated post). Claims older than `before`, or any of `replica`'s."""
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
