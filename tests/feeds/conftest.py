"""A loopback feed server (127.0.0.1, a free port), a migrated store, and a rig that builds pollers over a
catalog whose feeds a test sets (and swaps, as a content reload does)."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import AsyncIterator, Awaitable, Callable, Iterator
from pathlib import Path

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer

from bot.content.catalog import Catalog
from bot.content.schema import Feed
from bot.runtime.feeds.newsroom import Newsroom
from bot.runtime.feeds.poller import Poller, PollResult
from bot.runtime.feeds.fetch import Fetcher
from bot.runtime.metrics import Metrics
from bot.store import Store

FIXTURES = Path(__file__).parent / "fixtures"
NOW = dt.datetime(2026, 3, 10, 12, 0, tzinfo=dt.UTC)

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


def fixture(name: str) -> bytes:
    return (FIXTURES / name).read_bytes()


class FeedServer:
    """Serves whatever `routes` says per path; records each request's path and headers, and how many
    requests were being answered at once at most."""

    def __init__(self) -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.active = self.most_active = 0
        app = web.Application()
        app.router.add_route("GET", "/{path:.*}", self._handle)
        self.server = TestServer(app, host="127.0.0.1", port=0)

    async def _handle(self, request: web.Request) -> web.StreamResponse:
        self.requests.append((request.path, dict(request.headers)))
        self.active += 1
        self.most_active = max(self.most_active, self.active)
        try:
            handler = self.routes.get(request.path)
            return await handler(request) if handler else web.Response(status=404)
        finally:
            self.active -= 1

    def url(self, path: str) -> str:
        return str(self.server.make_url(path))

    def hits(self, path: str) -> int:
        return sum(1 for seen, _ in self.requests if seen == path)

    def serve(
        self, path: str, body: bytes, content_type: str = "application/rss+xml", *, status: int = 200,
        etag: str | None = None, headers: dict[str, str] | None = None,
    ) -> None:
        """Answer `path` with `body` (304 to a request that already has `etag`)."""

        async def handler(request: web.Request) -> web.StreamResponse:
            if etag is not None and request.headers.get("If-None-Match") == etag:
                return web.Response(status=304, headers={"ETag": etag})
            extra = {**(headers or {}), **({"ETag": etag} if etag else {})}
            return web.Response(status=status, body=body, headers={"Content-Type": content_type, **extra})

        self.routes[path] = handler


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
        return Feed(id=feed_id, url=self.server.url(path), name=f"Feed {feed_id}", tags=list(tags))

    def use(self, *feeds: Feed) -> None:
        """Serve a catalog with exactly these feeds from now on (a reload)."""
        self.catalog = dataclasses.replace(self.base, feeds={feed.id: feed for feed in feeds})

    def poller(self, store: Store | None = None, *, timeout: float = 5.0, max_body: int = 5 * 1024 * 1024,
               **options: object) -> Poller:
        newsroom = Newsroom(store or self.store, lambda: self.catalog, clock=self.clock)
        fetcher = Fetcher(timeout=timeout, max_body=max_body, clock=self.clock)
        return Poller(newsroom, Metrics(), fetcher=fetcher, clock=self.clock, **options)  # type: ignore[arg-type]

    async def poll_once(self, path: str, tags: tuple[str, ...] = (), **options: object) -> tuple[PollResult, Poller]:
        """Follow only the feed the server answers at `path` (its id: the path's name), poll it once with a
        new poller (`options` as for `poller`), and close that poller."""
        self.use(self.feed(path.strip("/"), path, tags))
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


@pytest.fixture
async def server() -> AsyncIterator[FeedServer]:
    feeds = FeedServer()
    await feeds.server.start_server()
    yield feeds
    await feeds.server.close()


@pytest.fixture
def rig(store: Store, catalog: Catalog, server: FeedServer) -> Rig:
    return Rig(store, catalog, server)
