"""The store on real SQLite and real PostgreSQL: migrations, state, reachability."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.store import Store
from bot.store.db import MIGRATION_LOCK, newest_schema
from bot.store.engine import engine_url
from tests.runtime.postgres import POSTGRES, private_schema_url


def _postgres_store() -> Iterator[Store]:
    for url in private_schema_url():
        store = Store(url)
        try:
            yield store
        finally:
            store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path}/nested/dir/bot.db")
        yield store
        store.close()
    else:
        yield from _postgres_store()


def test_migrate_is_idempotent_and_state_round_trips(store):
    store.migrate()
    store.migrate()
    store.ping()
    assert store.get_state("discord:sync") is None
    store.set_state("discord:sync", "abc")
    store.set_state("discord:sync", "def")
    assert store.get_state("discord:sync") == "def"
    with store.engine.connect() as connection:
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == newest_schema()


async def test_unreachable_database_is_reported_without_the_password():
    store = Store("postgresql://user:hunter2@127.0.0.1:1/none")
    with pytest.raises(StoreError) as raised:
        await store.run(store.ping)
    assert str(raised.value) == "connection refused: is the server running at 127.0.0.1:1?"
    assert str(store) == "postgresql database 'none' at 127.0.0.1:1 as 'user'"
    store.close()


def test_plain_postgres_urls_use_psycopg3():
    assert str(engine_url("postgres://u@h/db")) == "postgresql+psycopg://u@h/db"
    assert str(engine_url("postgresql://u@h/db")) == "postgresql+psycopg://u@h/db"
    assert str(engine_url("sqlite:///x.db")) == "sqlite:///x.db"


def test_replicas_migrate_one_at_a_time_without_the_statement_timeout(monkeypatch: pytest.MonkeyPatch):
    """A replica that starts while another migrates waits for it (an advisory lock), then finds the schema
    current; neither the wait nor a long migration is cut by the bot's statement timeout (1 s here)."""
    monkeypatch.setattr("bot.store.engine.STATEMENT_TIMEOUT", 1)
    for url in private_schema_url():
        _migrate_while_another_replica_migrates(url)


def _migrate_while_another_replica_migrates(url: str) -> None:
    store, other, failed = Store(url), sa.create_engine(engine_url(POSTGRES or "")), []
    waiting = sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                      "AND ((classid::bigint << 32) | objid::bigint) = :key")

    def migrate() -> None:
        try:
            store.migrate()
        except BaseException as exc:  # noqa: BLE001 - reported by the test
            failed.append(exc)

    try:
        with other.connect() as migrating:  # another replica, migrating
            migrating.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
            started = threading.Thread(target=migrate)
            started.start()
            deadline = time.monotonic() + 30
            while not migrating.execute(waiting, {"key": MIGRATION_LOCK}).scalar():
                assert started.is_alive() and time.monotonic() < deadline, f"migrated without waiting: {failed}"
                time.sleep(0.05)
            time.sleep(1.5)  # longer than the statement timeout
            assert started.is_alive() and not failed
            assert "alembic_version" not in sa.inspect(store.engine).get_table_names()
            migrating.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
            started.join(30)
        assert not started.is_alive() and not failed
        with store.engine.connect() as connection:
            assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == newest_schema()
    finally:
        other.dispose()
        store.close()
