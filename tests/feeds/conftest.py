"""The loopback feed server (tests.fakes.feeds, on 127.0.0.1), a migrated store, and a rig that builds pollers over a
catalog whose feeds a test sets (and swaps, as a content reload does)."""

from __future__ import annotations

import asyncio
import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.schema import Feed
from bot.runtime.feeds.guard import Network, allowance
from bot.runtime.feeds.newsroom import Newsroom
from bot.runtime.feeds.poller import Poller, PollResult
from bot.runtime.metrics import Metrics
from bot.store import Store
from tests.runtime.postgres import private_schema_url
from tests.fakes.feeds import FeedServer, redated, threaded_feeds

FIXTURES = Path(__file__).parent / "fixtures"
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)
LOOPBACK = allowance("127.0.0.1")
"""What the feed server's tests allow: internal addresses are refused unless allowed, loopback included."""

def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class Clock:
    """A wall clock tests move by hand."""

    def __init__(self, now: dt.datetime = NOW) -> None:
        self.now = now

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += dt.timedelta(seconds=seconds)


class Rig:
    """Pollers over one store and a catalog whose feeds the test chooses (`use`)."""

    def __init__(self, store: Store, base: Catalog, server: FeedServer) -> None:
        self.store, self.base, self.server = store, base, server
        self.catalog = dataclasses.replace(base, feeds={})
        self.clock = Clock()

    def feed(self, feed_id: str, path: str, tags: tuple[str, ...] = ()) -> Feed:
        """A feed at `path` on the rig's server, or at `path` itself when it is a whole URL."""
        url = path if "://" in path else self.server.url(path)
        return Feed(id=feed_id, url=url, name=f"Feed {feed_id}", tags=list(tags))

    def use(self, *feeds: Feed) -> None:
        """Serve a catalog with exactly these feeds from now on (a reload)."""
        self.catalog = dataclasses.replace(self.base, feeds={feed.id: feed for feed in feeds})

    def poller(self, store: Store | None = None, *, timeout: float = 5.0, allow_private: tuple[Network, ...] = LOOPBACK,
               **options: object) -> Poller:
        """A poller over the rig's catalog, on the rig's clock; it may reach the loopback server
        (`allow_private`) and no other internal address."""
        newsroom = Newsroom(store or self.store, lambda: self.catalog, clock=self.clock)
        return Poller(newsroom, Metrics(), timeout=timeout, allow_private=allow_private, clock=self.clock,
                      **options)  # type: ignore[arg-type]

    async def race(self, stores: list[Store]) -> list[tuple[PollResult, Poller]]:
        """One poller per store (as replicas have) polls the catalog's one feed at the same moment; each
        one's result, and the poller (closed after)."""
        pollers = [self.poller(store) for store in stores]
        try:
            done = await asyncio.gather(*(poller.poll_now() for poller in pollers))
            return [(result, poller) for [result], poller in zip(done, pollers, strict=True)]
        finally:
            await asyncio.gather(*(poller.close() for poller in pollers))

    async def poll_once(self, path: str, tags: tuple[str, ...] = (), *, feed_id: str | None = None,
                        **options: object) -> tuple[PollResult, Poller]:
        """Follow only the feed at `path` (as for `feed`; its id `feed_id`, else the path's name), poll it
        once with a new poller (`options` as for `poller`), and close that poller."""
        self.use(self.feed(feed_id or path.strip("/"), path, tags))
        poller = self.poller(**options)  # type: ignore[arg-type]
        try:
            [result] = await poller.poll_now()
        finally:
            await poller.close()
        return result, poller


def migrated(url: str) -> Store:
    store = Store(url)
    store.migrate()
    return store


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    store = migrated(f"sqlite:///{tmp_path}/feeds.db")
    yield store
    store.close()


@pytest.fixture(params=["sqlite", "postgresql"])
def replicas(request: pytest.FixtureRequest, store: Store, tmp_path: Path) -> Iterator[list[Store]]:
    """Two engines on one database, as two processes have: the test's SQLite store and another engine on
    its file, or two on a fresh PostgreSQL schema (skipped, with the reason, without PostgreSQL)."""
    if request.param == "sqlite":
        other = Store(f"sqlite:///{tmp_path}/feeds.db")
        yield [store, other]
        other.close()
        return
    for url in private_schema_url():
        stores = [migrated(url), migrated(url)]
        try:
            yield stores
        finally:
            for each in stores:
                each.close()


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    feeds = await FeedServer().start()
    yield feeds
    await feeds.close()


@pytest.fixture
def rig(store: Store, catalog: Catalog, server: FeedServer) -> Rig:
    return Rig(store, catalog, server)


@pytest.fixture
def feed_server() -> Iterator[str]:
    """For `newsbot` processes: /up is rss2.xml dated by the real clock, as they read it (its newest item an
    hour old, so always within retention); any other path answers 500."""
    with threaded_feeds(lambda: redated(fixture("rss2.xml"), dt.datetime.now(dt.UTC) - dt.timedelta(hours=1))) as url:
        yield url
