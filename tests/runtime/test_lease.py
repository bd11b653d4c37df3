"""The lease that lets one replica at a time listen on Discord's gateway, on real SQLite and PostgreSQL:
replicas contending at once, renewal, a holder gone silent, release, and a database that stops answering."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import sqlite3
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot.runtime.lease import Lease
from bot.store import Store
from bot.store.db import bot_state
from bot.store.leases import PREFIX, Leases, database_time
from tests.runtime.store_support import at_once, raw_store  # noqa: F401 - the fixture

NAME = "discord.listen"
TIMEOUT = 60.0


@pytest.fixture
def store(raw_store: Store) -> Store:
    raw_store.migrate()
    return raw_store


def silent_for(store: Store, seconds: float) -> None:
    """Make the lease's last heartbeat `seconds` old, on the database's clock: its holder went silent then."""
    with store.engine.begin() as connection:
        connection.execute(
            sa.update(bot_state).where(bot_state.c.key == PREFIX + NAME).values(updated_at=database_time(connection, seconds))
        )


@contextlib.contextmanager
def unanswering(store: Store) -> Iterator[None]:
    """The database stops answering the lease's statements: another connection holds a lock on them."""
    if store.url.get_backend_name() == "sqlite":
        blocker = sqlite3.connect(store.url.database, isolation_level=None)
        blocker.execute("BEGIN EXCLUSIVE")
        try:
            yield
        finally:
            blocker.execute("ROLLBACK")
            blocker.close()
        return
    with store.engine.connect() as connection, connection.begin():
        connection.execute(sa.text("LOCK TABLE bot_state IN ACCESS EXCLUSIVE MODE"))
        yield


def test_of_replicas_contending_at_once_exactly_one_wins(store: Store) -> None:
    holders = at_once(store, 4, lambda replica, n: Leases(replica).take(NAME, f"replica-{n}", TIMEOUT))
    assert len(holders) == 4 and len(set(holders)) == 1
    assert holders[0] in {f"replica-{n}" for n in range(4)}


def test_the_holder_renews_and_no_other_replica_takes_a_fresh_lease(store: Store) -> None:
    leases = Leases(store)
    assert leases.take(NAME, "a", TIMEOUT) == "a"
    assert leases.take(NAME, "a", TIMEOUT) == "a"
    assert leases.take(NAME, "b", TIMEOUT) == "a"
    assert leases.take("slack.listen", "b", TIMEOUT) == "b"  # another lease is another row


def test_a_holder_silent_for_longer_than_the_timeout_is_taken_over(store: Store) -> None:
    leases = Leases(store)
    leases.take(NAME, "a", TIMEOUT)
    silent_for(store, TIMEOUT - 5)
    assert leases.take(NAME, "b", TIMEOUT) == "a"
    silent_for(store, TIMEOUT + 5)
    assert leases.take(NAME, "b", TIMEOUT) == "b"
    assert leases.take(NAME, "a", TIMEOUT) == "b"  # the old holder, back, finds it gone


def test_a_released_lease_is_free_at_once_and_only_its_holder_releases_it(store: Store) -> None:
    leases = Leases(store)
    leases.take(NAME, "a", TIMEOUT)
    assert not leases.release(NAME, "b")
    assert leases.take(NAME, "b", TIMEOUT) == "a"
    assert leases.release(NAME, "a")
    assert leases.take(NAME, "b", TIMEOUT) == "b"


async def test_a_database_that_stops_answering_changes_no_role(
    store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    holder = Lease(store, NAME, "a", TIMEOUT, interval=0.2)
    standby = Lease(store, NAME, "b", TIMEOUT, interval=0.2)
    assert await holder.renew() and not await standby.renew()
    with unanswering(store):
        for _ in range(3):
            assert await holder.renew()  # keeps listening: a database outage costs no Discord command
            assert not await standby.renew()
    told = [r.getMessage() for r in caplog.records if "did not answer" in r.getMessage()]
    assert len(told) == 2  # one warning each, however many heartbeats fail
    assert "holding it until the database says otherwise" in told[0] and "staying a stand-by until it does" in told[1]
    assert await holder.renew() and not await standby.renew()
    assert any("answers again" in r.getMessage() for r in caplog.records)
    await holder.release()
    assert await standby.renew()


async def test_a_heartbeat_slower_than_the_interval_is_waited_for_not_sent_again(store: Store) -> None:
    lease = Lease(store, NAME, "a", TIMEOUT, interval=0.05)
    assert await lease.renew()
    with unanswering(store):
        busy = store.engine.pool.checkedout()  # the blocker's own connection, on PostgreSQL
        for _ in range(5):
            assert await lease.renew()  # within TIMEOUT of the last heartbeat the database answered
        assert store.engine.pool.checkedout() == busy + 1  # one heartbeat in flight, not one per interval
    assert await lease.renew()  # the heartbeat in flight, answered late, counts
    assert Leases(store).take(NAME, "b", TIMEOUT) == "a"


async def test_a_holder_keeps_the_lease_through_an_outage_and_lets_it_go_once_told_another_holds_it(
    store: Store,
) -> None:
    holder = Lease(store, NAME, "a", 1.0, interval=0.05)
    assert await holder.renew()
    with unanswering(store):
        for _ in range(30):  # 1.5 s of unanswered heartbeats, past the timeout: still the holder
            assert await holder.renew()
    async with asyncio.timeout(10):  # the heartbeat in flight lands: still the holder
        while holder._in_flight is not None:
            assert await holder.renew()
    # had only the holder lost the database, the lease would have lapsed and a stand-by taken it
    Leases(store).release(NAME, "a")
    assert Leases(store).take(NAME, "b", 1.0) == "b"
    assert not await holder.renew()  # told "b" holds it: it lets go at once
    assert not holder.held and holder.holder == "b"
