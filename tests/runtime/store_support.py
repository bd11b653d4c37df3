"""Stores for the store and lease tests: `raw_store`, a fixture that is a store on SQLite, then on PostgreSQL
(not migrated); `postgres_store`, one on a private PostgreSQL schema; and `at_once`, replicas racing."""

from __future__ import annotations

import threading
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import TypeVar

import pytest

from bot.store import Store
from tests.runtime.postgres import private_schema_url

T = TypeVar("T")


def postgres_store() -> Iterator[Store]:
    """Yield a store on a private schema of the test PostgreSQL (skipping without one), closed afterwards."""
    for url in private_schema_url():
        store = Store(url)
        try:
            yield store
        finally:
            store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def raw_store(request: pytest.FixtureRequest, tmp_path: Path) -> Iterator[Store]:
    if request.param == "sqlite":
        store = Store(f"sqlite:///{tmp_path}/bot.db")
        yield store
        store.close()
    else:
        yield from postgres_store()


def at_once(raw_store: Store, count: int, work: Callable[[Store, int], T]) -> list[T]:
    """`work(store, n)` in `count` threads, each with an engine of its own (as replicas would have),
    released together; the results of those that finished."""
    replicas = [Store(raw_store.url.render_as_string(hide_password=False)) for _ in range(count)]
    barrier = threading.Barrier(count)
    results: list[T] = []

    def run(store: Store, n: int) -> None:
        barrier.wait()
        results.append(work(store, n))

    threads = [threading.Thread(target=run, args=(store, n)) for n, store in enumerate(replicas)]
    try:
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(30)
    finally:
        for store in replicas:
            store.close()
    return results
