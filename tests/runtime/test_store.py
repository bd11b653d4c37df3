"""The store on real SQLite and real PostgreSQL: migrations, state, reachability."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
import sqlalchemy as sa

from bot.store import Store
from bot.store.db import newest_schema
from bot.errors import StoreError
from bot.store.engine import engine_url
from tests.runtime.postgres import private_schema_url

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
