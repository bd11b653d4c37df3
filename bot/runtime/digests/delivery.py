"""Delivering one slot of one subscription: claim it (exactly once across replicas), compose, post
(bot.runtime.digests.poster: bounded retries, and the pause of a channel that keeps refusing), and
record the result."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import json
import logging
from collections.abc import Callable, Mapping
from concurrent.futures import ThreadPoolExecutor
from contextlib import AbstractAsyncContextManager
from typing import Any

from bot.adapters.base import Platform
from bot.content.catalog import Catalog
from bot.core.digest_compose import compose
from bot.core.digests import Delivery, Digest, Snapshot
from bot.core.news import NewsDesk
from bot.core.schedule import utcnow
from bot.errors import StoreError
from bot.logfields import quoted
from bot.runtime.digests.poster import Poster, Progress, channel_of
from bot.runtime.metrics import Metrics
from bot.store import Store
from bot.store.digests import DigestStore, SubscriptionRow

log = logging.getLogger("newsbot.digests")

RECORD_TRIES = 3
"""Tries at recording the result of a digest that was posted (the post itself is never repeated)."""
RECORD_PAUSE = 1.0
"""Seconds before the second try at recording a posted digest; doubles each time."""
COMPOSERS = 2
"""Threads of the Deliverer's own that compose digests: never the default pool, which `/digest now`
blocks while it waits for its delivery."""

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
        self.poster = Poster(store, digests, platforms)
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
        state, detail = await self.poster.post(platform, row, delivery_id, digest.answer, progress)
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
