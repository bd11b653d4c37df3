"""Building the Poller (with its Newsroom) from the settings: for `newsbot run`, and for operators'
commands with no bot running."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.runtime.feeds.newsroom import Newsroom
from bot.runtime.feeds.poller import Poller
from bot.runtime.metrics import Metrics
from bot.runtime.settings import Settings
from bot.store import Store
from bot.store.db import open_current


def build_poller(store: Store, catalog: Callable[[], Catalog], settings: Settings, metrics: Metrics | None = None) -> Poller:
    """A Poller (with its Newsroom, `poller.newsroom`) configured by the FEED_* settings."""
    return Poller(
        Newsroom(store, catalog), metrics, interval=settings.FEED_INTERVAL, max_failures=settings.FEED_MAX_FAILURES,
        retention_days=settings.FEED_RETENTION_DAYS, allow_private=settings.FEED_ALLOW_PRIVATE,
    )


@contextlib.asynccontextmanager
async def operating(settings: Settings) -> AsyncIterator[Poller]:
    """A Poller over the configured content and database for operators' commands, with no bot running
    (`asyncio.run`): the database must be at this release's schema (only `newsbot run` migrates:
    bot.store.db.open_current); closes the HTTP session and the database after. Raises ContentError or
    StoreError."""
    catalog = load_catalog(settings.CONTENT_DIR, headline=settings.HEADLINE_BENCHMARK)
    store = open_current(settings.DATABASE_URL.get_secret_value())
    try:
        poller = build_poller(store, lambda: catalog, settings)
        try:
            yield poller
        finally:
            await poller.close()
    finally:
        store.close()
