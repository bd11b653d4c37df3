"""The store on real SQLite and real PostgreSQL: migrations, state, reachability."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import pytest
import sqlalchemy as sa

from bot.errors import StoreError
from bot.runtime.run import Runtime
from bot.runtime.settings import load_settings
from bot.store import Store
from bot.store.db import MIGRATION_LOCK, newest_schema
from bot.store.engine import engine_url
from tests.conftest import CONTENT
from tests.runtime.postgres import POSTGRES, private_schema_url
from tests.runtime.store_support import postgres_store


@pytest.fixture(params=["sqlite", "postgresql"])
def store(request, tmp_path) -> Iterator[Store]:
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path}/nested/dir/bot.db")
        yield store
        store.close()
    else:
        yield from postgres_store()


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


async def test_a_replica_starting_while_another_migrates_waits_for_it(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    """`newsbot run` starting while another replica migrates (holding the migration lock) waits for it,
    however long it takes: neither the bot's statement timeout nor its store-call timeout (1 s each here)
    cuts the wait, or a long migration. Then it finds the schema current and starts."""
    monkeypatch.setattr("bot.store.engine.STATEMENT_TIMEOUT", 1)
    monkeypatch.setattr("bot.store.db.CALL_TIMEOUT", 1)
    for url in private_schema_url():
        settings = {"PORT": "0", "RELOAD": "false", "CONTENT_DIR": str(CONTENT), "DATABASE_URL": url}
        runtime = Runtime(load_settings(settings))
        other = sa.create_engine(engine_url(POSTGRES or ""))
        try:
            with other.connect() as migrating:  # another replica, migrating
                migrating.execute(sa.text("SELECT pg_advisory_lock(:key)"), {"key": MIGRATION_LOCK})
                starting = asyncio.create_task(runtime.start())
                async with asyncio.timeout(30):
                    while not migrating.execute(WAITING, {"key": MIGRATION_LOCK}).scalar():
                        assert not starting.done(), f"started without waiting: {starting}"
                        await asyncio.sleep(0.05)
                await asyncio.sleep(1.5)  # longer than either timeout
                assert not starting.done(), starting
                assert "alembic_version" not in sa.inspect(runtime.store.engine).get_table_names()
                migrating.execute(sa.text("SELECT pg_advisory_unlock(:key)"), {"key": MIGRATION_LOCK})
                await asyncio.wait_for(starting, 30)
            with runtime.store.engine.connect() as connection:
                version = connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar()
            assert version == newest_schema()
        finally:
            other.dispose()
            await runtime.stop()


WAITING = sa.text("SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted "
                  "AND ((classid::bigint << 32) | objid::bigint) = :key")
"""Whether a session waits for the advisory lock :key."""
