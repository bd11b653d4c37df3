"""Replicas taking turns on Discord's gateway through the lease (bot.runtime.listening.Listener), with the real
discord.py against the loopback fake and the lease on real SQLite: a holder that finds its lease taken stops
listening; a holder whose gateway stays down, or ends for good, hands over to the stand-by; a heartbeat that
fails unexpectedly is logged once and the turns go on; and the platform leaves the connected metric alone."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from typing import Any, TypeVar

import pytest
import sqlalchemy as sa
from conftest import FAST, config_for, interact, logged, until
from fakediscord import slash

from bot.adapters.discord import DiscordPlatform
from bot.runtime.lease import Lease
from bot.runtime.listening import Listener
from bot.runtime.service import Service
from bot.store import Store
from bot.store.db import bot_state
from bot.store.leases import PREFIX
from tests.fakes.discord_replicas import ReplicaDiscord

T = TypeVar("T")
LEASE = "discord.listen"
TakeTurns = Callable[..., Awaitable[Listener]]


@pytest.fixture
def fake_kind() -> type[ReplicaDiscord]:
    """The conftest's fake, as replicas see it."""
    return ReplicaDiscord


@pytest.fixture
async def take_turns(fake: ReplicaDiscord, service: Service, store: Store) -> AsyncIterator[TakeTurns]:
    """Start a replica's Listener for Discord (logged in, taking turns through the lease on `store`, or on
    `through`); every one is stopped afterwards."""
    started: list[Listener] = []

    async def start(replica: str, timeout: float = 60.0, through: Store | None = None) -> Listener:
        lease = Lease(through or store, LEASE, replica, timeout, interval=0.05)
        listener = Listener(DiscordPlatform(config_for(fake), service, FAST), lease, service.metrics)
        started.append(listener)
        await listener.start()
        return listener

    yield start
    for listener in started:
        await listener.stop()
    assert not fake.sessions


def holder(store: Store) -> str | None:
    """Who holds the lease, as the database has it."""
    return store.get_state(PREFIX + LEASE)


async def test_a_holder_that_finds_its_lease_taken_stops_listening(
    fake: ReplicaDiscord, take_turns: TakeTurns, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    first = await take_turns("a")
    second = await take_turns("b")
    await until(lambda: first.listening and second.standby() is not None)
    assert fake.identifies == 1 and "replica a listens" in (second.standby() or "")
    with store.engine.begin() as connection:  # b took it while a could not reach the database
        connection.execute(sa.update(bot_state).where(bot_state.c.key == PREFIX + LEASE).values(value="b"))
    await until(lambda: second.listening and not first.listening and fake.identifies == 2 and len(fake.sessions) == 1)
    assert (await logged(caplog, "replica b took the lease discord.listen")).levelno == logging.WARNING
    assert first.connected() and first.standby() is not None  # logged in, standing by


async def test_a_holder_whose_gateway_stays_down_hands_over_to_a_stand_by(
    fake: ReplicaDiscord, take_turns: TakeTurns, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    first = await take_turns("a", timeout=1.0)
    await until(first.connected)
    second = await take_turns("b")
    await until(lambda: second.standby() is not None)
    await fake.outage()  # a's discord.py reconnects, and is refused, for as long as it lasts; b can connect
    record = await logged(caplog, "handing the lease discord.listen over", timeout=15)
    await until(lambda: second.connected() and len(fake.sessions) == 1)
    await until(lambda: first.standby() is not None)  # after a pause, behind the new holder
    assert record.levelno == logging.WARNING and fake.refused_sessions > 0
    assert (await interact(fake, slash("rank")))["type"] == 4


async def test_a_gateway_that_ends_for_good_is_handed_over_before_the_restart(
    fake: ReplicaDiscord, take_turns: TakeTurns, store: Store
) -> None:
    first = await take_turns("a")  # a lease of 60 s: only a hand-over lets b in within this test
    await until(first.connected)
    second = await take_turns("b")
    await until(lambda: second.standby() is not None)
    await fake.close_gateway(4013, "Invalid intent(s)")  # discord.py does not reconnect after this
    await asyncio.wait_for(first.ended(), 10)  # the supervisor restarts it only after a backoff
    assert holder(store) in (None, "b") and not first.listening
    await until(second.connected)


class Unexpected(Store):
    """The store, whose first `failures` lease heartbeats fail with an error that is no StoreError (a bug)."""

    def __init__(self, url: str, failures: int) -> None:
        super().__init__(url)
        self.failures = failures

    def call(self, method: Callable[..., T], *args: Any) -> T:
        if method.__name__ == "take" and self.failures > 0:
            self.failures -= 1
            raise KeyError("lease row without a value")
        return super().call(method, *args)


@pytest.fixture
def unexpected(store: Store) -> Iterator[Unexpected]:
    """The test's store, failing its first three lease heartbeats unexpectedly (ask for it before take_turns,
    so it closes after the listeners stop)."""
    flaky = Unexpected(store.url.render_as_string(hide_password=False), failures=3)
    yield flaky
    flaky.close()


async def test_a_heartbeat_failing_unexpectedly_is_logged_once_and_the_turns_go_on(
    unexpected: Unexpected, take_turns: TakeTurns, store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    listener = await take_turns("a", through=unexpected)
    await until(listener.connected)
    [record] = [r for r in caplog.records if "KeyError" in r.getMessage()]
    assert record.levelno == logging.ERROR and "lease discord.listen" in record.getMessage()
    assert unexpected.failures == 0 and holder(store) == "a"


async def test_the_platform_leaves_the_connected_metric_to_the_supervisor(bot: DiscordPlatform, service: Service) -> None:
    await bot.stop_listening()
    assert b"newsbot_platform_connected{" not in service.metrics.render()
