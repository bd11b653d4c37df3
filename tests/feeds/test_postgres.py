"""Two pollers with engines of their own poll one feed at the same moment on PostgreSQL: each item is
stored once (ON CONFLICT DO NOTHING), by its guid and, when the feed mints new guids for the same posts,
by its link and by its title and date."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from bot.store import Store
from tests.feeds.conftest import Rig, migrated
from tests.feeds.test_items import fresh_guids_across_pollers
from tests.feeds.test_poller import dedupe_across_pollers
from tests.runtime.postgres import private_schema_url


@pytest.fixture
def postgres_stores() -> Iterator[list[Store]]:
    for url in private_schema_url():
        stores = [migrated(url), migrated(url)]
        try:
            yield stores
        finally:
            for store in stores:
                store.close()


async def test_two_pollers_store_each_item_once_on_postgresql(rig: Rig, postgres_stores: list[Store]):
    await dedupe_across_pollers(rig, postgres_stores)


async def test_two_pollers_store_a_post_with_fresh_guids_once_on_postgresql(rig: Rig, postgres_stores: list[Store]):
    await fresh_guids_across_pollers(rig, postgres_stores)
