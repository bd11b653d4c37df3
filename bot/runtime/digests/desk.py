"""The Desk: bot.core.digests.DigestDesk over the database, the scheduler and the platforms. The /digest
command calls it from a worker thread; posting now hops onto the event loop."""

from __future__ import annotations

import asyncio
import datetime as dt
import json
import logging
import os
import secrets
import socket
from collections.abc import Callable, Iterable, Mapping
from contextlib import AbstractAsyncContextManager
from typing import Any
from zoneinfo import ZoneInfo


from bot.adapters.base import Platform
from bot.content.catalog import Catalog
from bot.core.digests import Delivery, Schedule, Snapshot, Subscription
from bot.core.news import NewsDesk
from bot.core.request import Channel
from bot.core.schedule import utcnow
from bot.runtime.digests.delivery import Deliverer, channel_of
from bot.runtime.digests.scheduler import DigestScheduler
from bot.runtime.digests.timing import after, trigger
from bot.runtime.metrics import Metrics
from bot.store import Store
from bot.store.digests import DigestStore, SubscriptionRow


log = logging.getLogger("newsbot.digests")

NOW_TIMEOUT = 45.0
"""Seconds `/digest now` waits for its post (rate limits included) before answering 'still posting'."""


def replica_id() -> str:
    """This process's name on its delivery claims: host, pid and a random part, so two processes on
    one host (or a restarted one) never take each other's claims in flight for their own (≤ 64 chars)."""
    return f"{(socket.gethostname() or 'newsbot')[:40]}:{os.getpid()}:{secrets.token_hex(4)}"


def subscription(row: SubscriptionRow) -> Subscription:
    """The core's value for a stored subscription."""
    return Subscription(
        channel=channel_of(row), schedule=Schedule(row.schedule_text, row.cron, row.zone), paused=row.paused,
        reason=row.reason, last_delivery=row.last_delivery, created_by=row.created_by,
    )


def next_run(schedule: Schedule, moment: dt.datetime) -> dt.datetime:
    """The first run strictly after `moment`, in the schedule's zone; ValueError if it is not valid."""
    fire = after(trigger(schedule.cron, schedule.zone), moment)
    if fire is None:
        raise ValueError("this schedule never runs")
    return fire.astimezone(ZoneInfo(schedule.zone))


class Desk:
    """Digest subscriptions for the /digest command, and the scheduler that delivers them (with the news
    of `news`, where the application follows feeds)."""

    def __init__(
        self, store: Store, *, default_zone: str = "UTC", top_n: int = 5, chart: bool = False, managers: Iterable[str] = (),
        empty: str = "skip", grace: float = 21600.0, replica: str | None = None,
        clock: Callable[[], dt.datetime] = utcnow, news: NewsDesk | None = None, metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.metrics = metrics
        self.news = news
        self.digests = DigestStore(store)
        self.default_zone, self.top_n, self.empty, self.grace = default_zone, top_n, empty, grace
        self.chart = chart
        self.managers = frozenset(managers)
        self.replica = (replica or replica_id())[:64]
        self.clock = clock
        self.scheduler: DigestScheduler | None = None
        self._loop: asyncio.AbstractEventLoop | None = None

    async def start(
        self, platforms: Mapping[str, Platform], catalog: Callable[[], Catalog],
        work: Callable[[], AbstractAsyncContextManager[Any]] | None = None, *, poll: float | None = None,
        paused: bool = False,
    ) -> None:
        """Start delivering on the running loop for `platforms` (by name)."""
        deliverer = Deliverer(
            self.store, self.digests, catalog, platforms, top_n=self.top_n, chart=self.chart, empty=self.empty,
            replica=self.replica, work=work, clock=self.clock, news=self.news, metrics=self.metrics,
        )
        extra = {} if poll is None else {"poll": poll}
        self.scheduler = DigestScheduler(self.store, self.digests, deliverer, grace=self.grace, clock=self.clock,
                                         metrics=self.metrics, **extra)
        self._loop = asyncio.get_running_loop()
        await self.scheduler.start(paused=paused)
        log.info("digests: %d subscription(s) scheduled for %s", len(self.scheduler.plans), ", ".join(platforms))

    async def stop(self, timeout: float = 0.0) -> None:
        """Stop scheduling; deliveries in flight get `timeout` s, then are cancelled: one that had not
        posted is recorded failed, one caught mid-post is settled 'uncertain' later."""
        if self.scheduler is not None:
            await self.scheduler.stop(timeout)
        self._loop = None

    # DigestDesk, called from worker threads

    def is_manager(self, user: str) -> bool:
        return user in self.managers

    def next_run(self, schedule: Schedule, after: dt.datetime) -> dt.datetime:
        return next_run(schedule, after)

    def find(self, channel: Channel) -> Subscription | None:
        row = self._row(channel)
        return subscription(row) if row else None

    def subscribe(self, channel: Channel, schedule: Schedule, by: str) -> Subscription:
        row = self.store.call(
            self.digests.upsert,
            channel.platform, channel.workspace, channel.channel, channel.thread,
            schedule.text, schedule.cron, schedule.zone, by,
        )
        self._poke()
        return subscription(row)

    def unsubscribe(self, channel: Channel) -> bool:
        removed = self.store.call(self.digests.delete, channel.platform, channel.workspace, channel.channel, channel.thread)
        self._poke()
        return removed

    def set_paused(self, channel: Channel, paused: bool) -> Subscription | None:
        row = self._row(channel)
        if row is None:
            return None
        self.store.call(self.digests.set_paused, row.id, paused)
        self._poke()
        return self.find(channel)

    def last_snapshot(self, channel: Channel) -> Snapshot | None:
        row = self._row(channel)
        if row is None or not row.snapshot:
            return None
        try:
            snapshot = json.loads(row.snapshot)
        except ValueError:
            return None
        return snapshot if isinstance(snapshot, dict) else None

    def deliver_now(self, channel: Channel, slot: dt.datetime | None = None) -> Delivery:
        row = self._row(channel)
        if row is None:
            return Delivery(False, "this channel has no digest subscription")
        loop, scheduler = self._loop, self.scheduler
        if loop is None or scheduler is None or not loop.is_running():
            return Delivery(False, "digests are not running in this process")
        coroutine = scheduler.deliverer.deliver(row.id, slot or self.clock(), manual=True)
        future = asyncio.run_coroutine_threadsafe(coroutine, loop)
        try:
            return future.result(NOW_TIMEOUT)
        except TimeoutError:
            return Delivery(False, f"still posting after {NOW_TIMEOUT:.0f} s (rate limits); it goes on in the background")

    def _row(self, channel: Channel) -> SubscriptionRow | None:
        return self.store.call(self.digests.get, channel.platform, channel.workspace, channel.channel, channel.thread)

    def _poke(self) -> None:
        loop, scheduler = self._loop, self.scheduler
        if loop is not None and scheduler is not None and loop.is_running():
            loop.call_soon_threadsafe(scheduler.poke)
