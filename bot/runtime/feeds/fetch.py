"""Fetching feeds over HTTP: one aiohttp session, conditional GETs, bounded time, size and redirects, one
request per host at a time, internal addresses refused on every connection (bot.runtime.feeds.guard), and
every failure a FeedError with a one-line reason."""

from __future__ import annotations

import asyncio
import datetime as dt
import email.utils
import socket
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from http import HTTPStatus
from importlib.metadata import PackageNotFoundError, version
from urllib.parse import urlsplit

import aiohttp
from aiohttp.abc import AbstractResolver, ResolveResult

from bot.core.schedule import utcnow
from bot.errors import FeedError
from bot.runtime.feeds.guard import Guard, Network, Refused, numeric_form, refusal

TIMEOUT = 10.0
"""Seconds one request may take, body included."""
MAX_BODY = 5 * 1024 * 1024
"""Bytes of a feed read at most; a longer one fails as 'too large' (it is never read whole)."""
MAX_REDIRECTS = 5
CONCURRENT = 8
"""Requests in flight at once, to different hosts (one host gets one at a time)."""
CHUNK = 64 * 1024
LONGEST_RETRY_AFTER = dt.timedelta(days=1)
"""A longer Retry-After is cut to this, so a feed is never silenced for good by one answer."""
HEADER_MAX = 500
"""Longest ETag or Last-Modified kept for the next conditional GET."""
GONE = (HTTPStatus.NOT_FOUND, HTTPStatus.GONE)
"""Answers that disable a feed at once."""
BUSY = (HTTPStatus.TOO_MANY_REQUESTS, HTTPStatus.SERVICE_UNAVAILABLE)
"""Answers whose Retry-After is honoured."""


def user_agent() -> str:
    """newsbot/<installed version>."""
    try:
        return f"newsbot/{version('newsbot')}"
    except PackageNotFoundError:
        return "newsbot/dev"


def retry_after(value: str | None, now: dt.datetime) -> dt.datetime | None:
    """When a Retry-After header (seconds or an HTTP date) allows the next request; None if it says
    nothing usable. Never more than LONGEST_RETRY_AFTER from `now`."""
    if not value:
        return None
    value = value.strip()
    if value.isdigit():
        when = now + dt.timedelta(seconds=int(value))
    else:
        try:
            when = email.utils.parsedate_to_datetime(value)
        except (TypeError, ValueError, IndexError):
            return None
        when = when.replace(tzinfo=dt.UTC) if when.tzinfo is None else when.astimezone(dt.UTC)
    return min(when, now + LONGEST_RETRY_AFTER) if when > now else None


def _status_text(status: int, reason: str | None) -> str:
    """'HTTP 410 Gone'."""
    try:
        phrase = HTTPStatus(status).phrase
    except ValueError:  # a code of the server's own: its reason phrase, printable and short
        phrase = "".join(ch for ch in reason or "" if ch.isprintable())[:60]
    return f"HTTP {status} {phrase}".strip()


def _invalid(exc: aiohttp.InvalidURL | aiohttp.NonHttpUrlClientError) -> str:
    """Why aiohttp would not follow an address: a host in a legacy numeric form, which it refuses to
    connect to, is named with the address it stands for."""
    host = str(exc.url) if isinstance(exc, aiohttp.InvalidURL) else ""
    if (address := numeric_form(host)) is not None:
        return f"refused: {host[:60]} is a numeric form of {address} (write the address as {address})"
    return "not an http(s) address newsbot can follow (a redirect?)"


def _header(value: str | None) -> str | None:
    return value if value and len(value) <= HEADER_MAX else None


@dataclass(frozen=True)
class Fetched:
    """A feed's answer: body None means 304 Not Modified. etag and last_modified are for the next poll."""

    body: bytes | None
    content_type: str
    etag: str | None
    last_modified: str | None
    url: str


class GuardedResolver(AbstractResolver):
    """aiohttp's default resolver, whose answers hold only the addresses `guard` allows; Refused when
    it allows none of them (so the reason names the host and what it resolved to)."""

    def __init__(self, guard: Guard) -> None:
        self.guard, self.inner = guard, aiohttp.DefaultResolver()

    async def resolve(
        self, host: str, port: int = 0, family: socket.AddressFamily = socket.AF_INET,
    ) -> list[ResolveResult]:
        found = await self.inner.resolve(host, port, family)
        kept = [result for result in found if self.guard.allows(result["host"])]
        if found and not kept:
            raise Refused(host, found[0]["host"])
        return kept

    async def close(self) -> None:
        await self.inner.close()


class Fetcher:
    """GETs feeds on the running loop. Usable from a plain `asyncio.run`; `close()` when done.
    `allow_private`: the internal networks feeds may reach (FEED_ALLOW_PRIVATE); any other internal
    address is refused, on the feed's own address and on every redirect."""

    def __init__(
        self, *, timeout: float = TIMEOUT, max_body: int = MAX_BODY, clock: Callable[[], dt.datetime] = utcnow,
        allow_private: Iterable[Network] = (),
    ) -> None:
        self.timeout, self.max_body, self.clock = timeout, max_body, clock
        self.guard = Guard(allow_private)
        self._session: aiohttp.ClientSession | None = None
        self._resolver: AbstractResolver | None = None
        self._hosts: defaultdict[str, asyncio.Lock] = defaultdict(asyncio.Lock)
        self._slots = asyncio.Semaphore(CONCURRENT)

    def _open(self) -> aiohttp.ClientSession:
        if self._session is None or self._session.closed:
            if self._resolver is None:
                self._resolver = GuardedResolver(self.guard)
            connector = aiohttp.TCPConnector(resolver=self._resolver, socket_factory=self.guard.socket)
            self._session = aiohttp.ClientSession(  # trust_env=False: no *_PROXY variable routes round the guard
                connector=connector, headers={"User-Agent": user_agent()}, trust_env=False,
                timeout=aiohttp.ClientTimeout(total=self.timeout),
            )
        return self._session

    async def fetch(self, url: str, etag: str | None = None, last_modified: str | None = None) -> Fetched:
        """GET `url`, conditionally when `etag` or `last_modified` are known. Raises FeedError."""
        headers = {"Accept": "application/rss+xml, application/atom+xml, application/xml;q=0.9, */*;q=0.5"}
        if etag:
            headers["If-None-Match"] = etag
        if last_modified:
            headers["If-Modified-Since"] = last_modified
        host = urlsplit(url).hostname or ""
        async with self._hosts[host], self._slots:
            try:
                async with asyncio.timeout(self.timeout):
                    return await self._get(url, headers)
            except TimeoutError:
                raise FeedError(f"no answer within {self.timeout:g} s") from None
            except aiohttp.TooManyRedirects:
                raise FeedError(f"more than {MAX_REDIRECTS} redirects (a redirect loop?)") from None
            except aiohttp.ClientConnectorError as exc:
                if isinstance(exc.os_error, Refused):
                    raise FeedError(refusal(exc.host, exc.os_error.address, host)) from None
                raise FeedError(f"cannot connect to {exc.host}: {exc.strerror or exc.__class__.__name__}") from None
            except (aiohttp.InvalidURL, aiohttp.NonHttpUrlClientError) as exc:
                raise FeedError(_invalid(exc)) from None
            except aiohttp.ClientError as exc:
                raise FeedError(f"request failed ({exc.__class__.__name__})") from None

    async def _get(self, url: str, headers: dict[str, str]) -> Fetched:
        # aiohttp counts the redirect it refuses to follow: +1 lets MAX_REDIRECTS of them through
        async with self._open().get(url, headers=headers, max_redirects=MAX_REDIRECTS + 1) as response:
            status, address = response.status, str(response.url)
            validators = _header(response.headers.get("ETag")), _header(response.headers.get("Last-Modified"))
            if status == HTTPStatus.NOT_MODIFIED:
                return Fetched(None, "", *validators, address)
            if status >= 300:
                wait = retry_after(response.headers.get("Retry-After"), self.clock()) if status in BUSY else None
                raise FeedError(_status_text(status, response.reason), disable=status in GONE, retry_at=wait)
            if (response.content_length or 0) > self.max_body:
                raise FeedError(self._too_large())
            body = bytearray()
            async for chunk in response.content.iter_chunked(CHUNK):
                body += chunk
                if len(body) > self.max_body:
                    raise FeedError(self._too_large())
            return Fetched(bytes(body), response.headers.get("Content-Type", ""), *validators, address)

    def _too_large(self) -> str:
        return f"too large (over {self.max_body / 1024 / 1024:g} MB)"

    async def close(self) -> None:
        """Close the session (a later fetch opens a new one)."""
        if self._session is not None:
            await self._session.close()
            self._session = None
        if self._resolver is not None:
            await self._resolver.close()
            self._resolver = None
