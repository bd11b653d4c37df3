"""HTTP behaviour against a loopback server: conditional GETs, Retry-After, gone feeds, timeouts, the body
cap, redirect loops, the User-Agent and one request per host at a time."""

from __future__ import annotations

import asyncio
import datetime as dt
import gzip
import time

import pytest
from aiohttp import web

from bot.runtime.feeds.fetch import retry_after, user_agent
from tests.feeds.conftest import NOW, Rig, fixture

RSS = fixture("rss2.xml")


async def test_conditional_get_304_then_a_changed_etag(rig: Rig):
    rig.server.serve("/feed", RSS, etag='"v1"', headers={"Last-Modified": "Tue, 03 Mar 2026 10:00:00 GMT"})
    rig.use(rig.feed("cond", "/feed"))
    poller = rig.poller()
    try:
        assert [r.result for r in await poller.poll_now()] == ["new"]
        assert [r.result for r in await poller.poll_now()] == ["not_modified"]
        sent = rig.server.requests[-1][1]
        assert sent["If-None-Match"] == '"v1"'
        assert sent["If-Modified-Since"] == "Tue, 03 Mar 2026 10:00:00 GMT"
        assert sent["User-Agent"] == user_agent() and user_agent().startswith("newsbot/0.")
        changed = RSS.replace(b"<item>", b"<item><title>Fresh</title><guid>fresh</guid></item><item>", 1)
        rig.server.serve("/feed", changed, etag='"v2"')
        [result] = await poller.poll_now()
        assert (result.result, result.new) == ("new", 1)
        assert [r.result for r in await poller.poll_now()] == ["not_modified"]
        assert rig.server.requests[-1][1]["If-None-Match"] == '"v2"'
    finally:
        await poller.close()
    assert poller.metrics.feed_polls.labels("cond", "not_modified")._value.get() == 2
    assert poller.metrics.feed_items.labels("cond")._value.get() == 5


@pytest.mark.parametrize("header", ["120", "Tue, 10 Mar 2026 12:02:00 GMT"])
async def test_429_retry_after_is_honoured(rig: Rig, header: str):
    rig.server.serve("/busy", b"slow down", "text/plain", status=429, headers={"Retry-After": header})
    rig.use(rig.feed("busy", "/busy"))
    poller = rig.poller()
    try:
        [result] = await poller.poll_now()
        assert (result.result, result.state) == ("rate_limited", "new")  # waited out: not a failure
        assert result.reason == "HTTP 429 Too Many Requests; asked to wait until 2026-03-10 12:02 UTC"
        assert result.retry_at == NOW + dt.timedelta(seconds=120)
        [state] = await poller.states()
        assert state.reason == result.reason
        rig.clock.advance(119)
        assert [r.result for r in await poller.poll_now()] == ["rate_limited"]
        assert rig.server.hits("/busy") == 1  # no request before Retry-After
        rig.clock.advance(2)
        rig.server.serve("/busy", RSS)
        assert [r.result for r in await poller.poll_now()] == ["new"]
        assert rig.server.hits("/busy") == 2
    finally:
        await poller.close()


def test_retry_after_values():
    assert retry_after("30", NOW) == NOW + dt.timedelta(seconds=30)
    assert retry_after("Tue, 10 Mar 2026 11:00:00 GMT", NOW) is None  # in the past
    assert retry_after("9999999", NOW) == NOW + dt.timedelta(days=1)  # capped
    assert retry_after("soon", NOW) is retry_after(None, NOW) is None


@pytest.mark.parametrize(("status", "reason"), [(404, "HTTP 404 Not Found"), (410, "HTTP 410 Gone")])
async def test_gone_feeds_are_disabled_at_once(rig: Rig, status: int, reason: str):
    rig.server.serve("/gone", b"", "text/plain", status=status)
    rig.use(rig.feed("gone", "/gone"))
    poller = rig.poller()
    try:
        [result] = await poller.poll_now()
        assert (result.result, result.state, result.reason) == ("disabled", "disabled", reason)
        assert [(r.result, r.reason) for r in await poller.poll_now()] == [("disabled", reason)]
        assert rig.server.hits("/gone") == 1
        [state] = await poller.states()
        assert (state.state, state.reason) == ("disabled", reason)
    finally:
        await poller.close()


async def test_a_server_that_does_not_answer_in_time(rig: Rig):
    async def sleepy(_: web.Request) -> web.Response:
        await asyncio.sleep(5)
        return web.Response(body=RSS)

    rig.server.routes["/slow"] = sleepy
    started = time.monotonic()
    result, _ = await rig.poll_once("/slow", timeout=0.2)
    assert (result.result, result.reason) == ("failed", "no answer within 0.2 s")
    assert time.monotonic() - started < 2


@pytest.mark.parametrize("declared", [False, True])
async def test_a_50_mb_body_is_never_read_whole(rig: Rig, declared: bool):
    sent = 0

    async def huge(request: web.Request) -> web.StreamResponse:
        nonlocal sent
        response = web.StreamResponse(headers={"Content-Type": "application/rss+xml"})
        if declared:
            response.content_length = 50 * 1024 * 1024
        await response.prepare(request)
        chunk = b"<!-- " + b"x" * (64 * 1024 - 9) + b" -->"
        try:
            for _ in range(800):  # 50 MB
                await response.write(chunk)
                sent += len(chunk)
        except (ConnectionError, RuntimeError):
            pass
        return response

    rig.server.routes["/huge"] = huge
    started = time.monotonic()
    result, _ = await rig.poll_once("/huge", max_body=1024 * 1024)
    assert (result.result, result.reason) == ("failed", "too large (over 1 MB)")
    assert time.monotonic() - started < 3
    await asyncio.sleep(0.2)
    assert sent < 20 * 1024 * 1024  # the client stopped reading: the server could not send it all


async def test_a_compressed_bomb_is_not_inflated_whole(rig: Rig):
    bomb = gzip.compress(b"<!--" + b" " * (10 * 1024 * 1024) + b"-->")  # 10 KB that inflate to 10 MB
    rig.server.serve("/bomb", bomb, headers={"Content-Encoding": "gzip"})
    result, _ = await rig.poll_once("/bomb", max_body=1024 * 1024)
    assert (result.result, result.reason) == ("failed", "too large (over 1 MB)")


async def test_a_redirect_loop_fails_with_a_clear_reason(rig: Rig):
    async def loop(_: web.Request) -> web.Response:
        raise web.HTTPFound("/loop")

    rig.server.routes["/loop"] = loop
    result, _ = await rig.poll_once("/loop")
    assert (result.result, result.reason) == ("failed", "more than 5 redirects (a redirect loop?)")
    assert rig.server.hits("/loop") == 6


async def test_one_request_per_host_at_a_time(rig: Rig):
    async def slowish(_: web.Request) -> web.Response:
        await asyncio.sleep(0.05)
        return web.Response(body=RSS, content_type="application/rss+xml")

    for name in "abcd":
        rig.server.routes[f"/{name}"] = slowish
    rig.use(*(rig.feed(name, f"/{name}") for name in "abcd"))
    poller = rig.poller()
    try:
        assert [r.result for r in await poller.poll_now()] == ["new"] * 4
    finally:
        await poller.close()
    assert rig.server.most_active == 1
