"""Loopback feed servers: one in the test's loop that answers each path as a test says (a feed, an error,
a redirect, a slow or endless body) and records the requests it got; and one on a thread of its own, for
the `newsbot` processes a test starts."""

from __future__ import annotations

import asyncio
import contextlib
import datetime as dt
import email.utils
import re
import threading
from collections.abc import Awaitable, Callable, Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

from aiohttp import web
from aiohttp.test_utils import TestServer

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class FeedServer:
    """Serves whatever `routes` says per path, on `host` (any of 127.0.0.0/8 reaches loopback) and a free
    port; records each request's path and headers, and how many were being answered at once at most.
    `start()` it inside the test's loop, `close()` it after."""

    def __init__(self, host: str = "127.0.0.1") -> None:
        self.routes: dict[str, Handler] = {}
        self.requests: list[tuple[str, dict[str, str]]] = []
        self.active = self.most_active = 0
        app = web.Application()
        app.router.add_route("GET", "/{path:.*}", self._handle)
        self.server = TestServer(app, host=host, port=0)

    async def start(self) -> FeedServer:
        await self.server.start_server()
        return self

    async def close(self) -> None:
        await self.server.close()

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

    def hits(self, path: str | None = None) -> int:
        """Requests for `path` (any path: None)."""
        return sum(1 for seen, _ in self.requests if path is None or seen == path)

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

    def together(self, path: str, count: int, handler: Handler) -> None:
        """Answer `path` with `handler` once `count` requests for it are waiting, all at the same moment
        (pollers racing); none waits more than 5 s."""
        waiting: list[asyncio.Event] = []

        async def barrier(request: web.Request) -> web.StreamResponse:
            arrived = asyncio.Event()
            waiting.append(arrived)
            if len(waiting) == count:
                for event in waiting:
                    event.set()
            await asyncio.wait_for(arrived.wait(), 5)
            return await handler(request)

        self.routes[path] = barrier

    def redirect(self, path: str, location: str, status: int = 302) -> None:
        """Answer `path` with a redirect to `location` (any address, another server's included)."""

        async def handler(_: web.Request) -> web.StreamResponse:
            return web.Response(status=status, headers={"Location": location})

        self.routes[path] = handler


_PUB_DATE = re.compile(rb"<pubDate>([^<]+)</pubDate>")


def redated(body: bytes, newest: dt.datetime) -> bytes:
    """The RSS `body` with its pubDates moved together, so that the newest is `newest` (fixtures dated by
    a real clock, for processes that read one)."""
    dates = [email.utils.parsedate_to_datetime(found.decode()) for found in _PUB_DATE.findall(body)]
    shift = newest - max(dates)
    return _PUB_DATE.sub(lambda found: b"<pubDate>%s</pubDate>" % email.utils.format_datetime(
        email.utils.parsedate_to_datetime(found.group(1).decode()) + shift).encode(), body)


@contextlib.contextmanager
def threaded_feeds(up: Callable[[], bytes]) -> Iterator[str]:
    """A feed server on 127.0.0.1 and a thread of its own: /up answers `up()` as RSS, any other path 500.
    Yields its base URL."""

    class Feeds(BaseHTTPRequestHandler):
        def do_GET(self) -> None:
            body, status = (up(), 200) if self.path == "/up" else (b"down", 500)
            self.send_response(status)
            self.send_header("Content-Type", "application/rss+xml")
            self.send_header("Content-Length", str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def log_message(self, *args: object) -> None:
            pass

    server = ThreadingHTTPServer(("127.0.0.1", 0), Feeds)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()
