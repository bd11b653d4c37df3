"""Two pollers with engines of their own poll one feed at the same moment on PostgreSQL: each item is
stored once (ON CONFLICT DO NOTHING)."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.feeds.conftest import Rig, migrated
from tests.feeds.test_poller import dedupe_across_pollers
from tests.runtime.postgres import private_schema_url


@pytest.fixture
def postgres_url() -> Iterator[str]:
    yield from private_schema_url()


async def test_two_pollers_store_each_item_once_on_postgresql(rig: Rig, postgres_url: str):
    stores = [migrated(postgres_url), migrated(postgres_url)]
    try:
        await dedupe_across_pollers(rig, stores)
    finally:
        for store in stores:
            store.close()
