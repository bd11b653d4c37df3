"""The lease that lets one replica at a time listen on Discord's gateway, on real SQLite and PostgreSQL:
replicas contending at once, renewal, a holder gone silent, release, and a database that stops answering."""

from __future__ import annotations

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
from tests.runtime.test_digest_store import at_once, raw_store

__all__ = ["raw_store"]  # the fixture: a store on SQLite, then on PostgreSQL

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


async def test_a_database_that_stops_answering_changes_no_role(store: Store, caplog: pytest.LogCaptureFixture) -> None:
    caplog.set_level(logging.INFO)
    holder = Lease(store, NAME, "a", TIMEOUT, interval=0.2)
    standby = Lease(store, NAME, "b", TIMEOUT, interval=0.2)
    assert await holder.renew() and not await standby.renew()
    with unanswering(store):
        assert await holder.renew()  # keeps listening: the stand-by cannot reach the database either
        assert not await standby.renew()
        assert await holder.renew()
    told = [r.getMessage() for r in caplog.records if "did not answer" in r.getMessage()]
    assert len(told) == 2  # one warning each, however many heartbeats fail
    assert "holding it until it does" in told[0] and "staying a stand-by until it does" in told[1]
    assert await holder.renew() and not await standby.renew()
    assert any("answers again" in r.getMessage() for r in caplog.records)
    await holder.release()
    assert await standby.renew()
