"""The digest scheduler: one APScheduler job per active subscription on the event loop, rebuilt from the
database whenever its fingerprint changes (any replica's change is seen within two polls). APScheduler
keeps no state of its own: the database's delivery claims decide who posts a slot.

misfire_grace_time is DIGEST_GRACE, not APScheduler's 1 s: a run that is late because the loop was busy
or the machine slept still goes out while it is worth reading. coalesce is on: several runs missed at once
become one digest (the newest slot), never a burst of old ones."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass

from apscheduler.schedulers.asyncio import AsyncIOScheduler
from apscheduler.triggers.cron import CronTrigger

from bot.errors import StoreError
from bot.core.schedule import utcnow
from bot.runtime.digests.delivery import Deliverer
from bot.runtime.digests.timing import after, latest, trigger
from bot.runtime.metrics import Metrics
from bot.store import Store
from bot.store.digests import DigestStore, SubscriptionRow

log = logging.getLogger("newsbot.digests")

POLL = 15.0
"""Seconds between fingerprint checks."""
SETTLE_AGE = dt.timedelta(minutes=15)
"""A claim older than this is dead whoever made it (a delivery takes at most a few minutes)."""
SETTLE_EVERY = 40
"""Polls between sweeps for other replicas' dead claims."""


@dataclass(frozen=True)
class Plan:
    """What a subscription's job depends on; a job is rebuilt only when this changes."""

    cron: str
    zone: str


def job_id(subscription_id: int) -> str:
    return f"digest-{subscription_id}"


class DigestScheduler:
    """Runs each active subscription's slots through the Deliverer, for the platforms of this process."""

    def __init__(
        self, store: Store, digests: DigestStore, deliverer: Deliverer, *, grace: float,
        clock: Callable[[], dt.datetime] = utcnow, poll: float = POLL, metrics: Metrics | None = None,
    ) -> None:
        self.store, self.digests, self.deliverer = store, digests, deliverer
        self.metrics = metrics
        self.grace = dt.timedelta(seconds=grace)
        self.clock, self.poll = clock, poll
        self.scheduler = AsyncIOScheduler(timezone=dt.UTC)
        self.plans: dict[int, Plan] = {}
        self.triggers: dict[int, CronTrigger] = {}
        self._fingerprint: str | None = None
        self._changed = asyncio.Event()
        self._watch: asyncio.Task[None] | None = None

    async def start(self, *, paused: bool = False) -> None:
        """Start on the running loop: settle dead claims, build the jobs (delivering slots missed while
        down within DIGEST_GRACE), then keep watching the database. `paused` is for tests."""
        logging.getLogger("apscheduler").setLevel(logging.WARNING)
        self.scheduler.start(paused=paused)
        try:
            await self.deliverer.settle(self.clock() - SETTLE_AGE, self.deliverer.replica)
            await self.sync()
        except StoreError as exc:
            log.error("digests: database failed at start (%s); retrying every %.0f s", exc, self.poll)
        self._watch = asyncio.create_task(self._watching())

    def halt(self) -> None:
        """No new runs from now on (deliveries in flight go on)."""
        if self._watch is not None:
            self._watch.cancel()
        if self.scheduler.running:
            self.scheduler.shutdown(wait=False)

    async def stop(self, timeout: float) -> None:
        """No new runs; deliveries in flight get `timeout` s, then are cancelled."""
        self.halt()
        if self._watch is not None:
            await asyncio.gather(self._watch, return_exceptions=True)
        await self.deliverer.drain(timeout)

    def poke(self) -> None:
        """Check the database now (after a change made in this process). Loop thread only."""
        self._changed.set()

    async def _watching(self) -> None:
        polls = 0
        while True:
            try:
                await asyncio.wait_for(self._changed.wait(), self.poll)
            except TimeoutError:
                pass
            self._changed.clear()
            polls += 1
            try:
                if polls % SETTLE_EVERY == 0:
                    await self.deliverer.settle(self.clock() - SETTLE_AGE)
                await self.sync()
            except StoreError as exc:
                log.warning("digests: could not read subscriptions (%s); keeping the current schedule", exc)

    async def sync(self) -> None:
        """Rebuild jobs whose subscription was added, changed, paused or removed since the last look;
        first, the database answering again, retry slots that came due while it did not."""
        fingerprint = await self.store.run(self.digests.fingerprint)
        self._retry_unread()
        if fingerprint == self._fingerprint:
            return
        rows = await self.store.run(self.digests.all)
        if self.metrics is not None:
            self.metrics.paused({name: sum(r.paused for r in rows if r.platform == name)
                                 for name in {*self.deliverer.platforms, *(r.platform for r in rows)}})
        active = {row.id: row for row in rows if not row.paused and row.platform in self.deliverer.platforms}
        for gone in set(self.plans) - set(active):
            self.plans.pop(gone)
            self.triggers.pop(gone, None)
            if self.scheduler.get_job(job_id(gone)):
                self.scheduler.remove_job(job_id(gone))
        for row in active.values():
            plan = Plan(row.cron, row.zone)
            if self.plans.get(row.id) != plan and (schedule := self._schedule(row, plan)) is not None:
                await self._catch_up(row, schedule)
        self._fingerprint = fingerprint

    def _schedule(self, row: SubscriptionRow, plan: Plan) -> CronTrigger | None:
        try:
            schedule = trigger(plan.cron, plan.zone)
        except ValueError as exc:
            log.error("digest subscription=%d: schedule %r not usable (%s); not scheduled", row.id, plan.cron, exc)
            return None
        self.plans[row.id] = plan
        self.triggers[row.id] = schedule
        self.scheduler.add_job(
            self._due, schedule, args=(row.id,), id=job_id(row.id), replace_existing=True,
            misfire_grace_time=max(1, int(self.grace.total_seconds())), coalesce=True, max_instances=1,
        )
        return schedule

    def _retry_unread(self) -> None:
        """Deliver again each slot whose delivery could not read the database, if still within
        DIGEST_GRACE (an older one is logged as skipped); the claim keeps it to once."""
        pending, self.deliverer.unread = self.deliverer.unread, {}
        cutoff = self.clock() - self.grace
        for subscription_id, slot in pending.items():
            if subscription_id not in self.plans:
                continue  # removed or paused meanwhile
            if slot < cutoff:
                log.warning(
                    "digest subscription=%d: slot %s came due while the database was down and is older than "
                    "DIGEST_GRACE (%.0f s): skipped", subscription_id, slot.isoformat(), self.grace.total_seconds(),
                )
                continue
            log.info("digest subscription=%d: retrying slot %s (the database was down)", subscription_id,
                     slot.isoformat())
            self.deliverer.spawn(subscription_id, slot)

    async def _catch_up(self, row: SubscriptionRow, schedule: CronTrigger) -> None:
        """Deliver the newest slot missed since the subscription last ran (in any outcome) or changed,
        if within DIGEST_GRACE; log the ones older than that as skipped."""
        now = self.clock()
        claimed = await self.store.run(self.digests.last_slot, row.id)
        since = max(moment for moment in (row.created_at, row.updated_at, row.last_slot, claimed) if moment)
        first = after(schedule, since)
        if first is None or first > now:
            return
        recent = latest(schedule, max(since, now - self.grace - dt.timedelta(microseconds=1)), now)
        if first < now - self.grace:
            log.warning(
                "digest subscription=%d: slots since %s were missed while down and are older than DIGEST_GRACE "
                "(%.0f s): skipped", row.id, first.isoformat(), self.grace.total_seconds(),
            )
        if recent is not None:
            log.info("digest subscription=%d: delivering slot %s missed while down", row.id, recent.isoformat())
            self.deliverer.spawn(row.id, recent)

    async def _due(self, subscription_id: int) -> None:
        """The job: deliver the slot that just came due (the newest fire time at or before now)."""
        schedule = self.triggers.get(subscription_id)
        if schedule is None:
            return
        now = self.clock()
        slot = latest(schedule, now - dt.timedelta(minutes=1), now) or latest(schedule, now - self.grace, now)
        if slot is None:
            log.warning("digest subscription=%d: ran with no slot due at %s; skipped", subscription_id, now.isoformat())
            return
        self.deliverer.spawn(subscription_id, slot)
