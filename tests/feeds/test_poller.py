"""The poller and the newsroom: seeding, dedupe across pollers, retention, re-tagging after a content
change, disabling after FEED_MAX_FAILURES and retry, and hot reload adding and removing feeds."""

from __future__ import annotations

import asyncio
import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path

import msgspec
from aiohttp import web

from bot.content.loader import load_catalog
from bot.runtime.feeds.poller import Poller
from bot.store import Store
from bot.store.feeds import FeedStore, ItemRow
from tests.conftest import CONTENT
from tests.feeds.conftest import NOW, Rig, fixture

RSS = fixture("rss2.xml")


def rss(*titles: str) -> bytes:
    items = "".join(f"<item><title>{t}</title><guid>{t}</guid></item>" for t in titles)
    return f"<rss version='2.0'><channel><title>T</title>{items}</channel></rss>".encode()


async def until(condition: Callable[[], bool], timeout: float = 5.0) -> None:
    async with asyncio.timeout(timeout):
        while not condition():
            await asyncio.sleep(0.01)


async def test_a_new_feed_is_seeded_and_later_items_arrive(rig: Rig):
    rig.server.serve("/feed", rss("old one", "old two"))
    rig.use(rig.feed("news", "/feed"))
    poller = rig.poller()
    try:
        [first] = await poller.poll_now()
        rig.server.serve("/feed", rss("fresh", "old one", "old two"))
        rig.clock.advance(900)
        [second] = await poller.poll_now()
        [third] = await poller.poll_now()
    finally:
        await poller.close()
    assert (first.result, first.new, second.result, second.new, third.result) == ("new", 2, "new", 1, "unchanged")
    arrived = {item.title: item.arrived for item in poller.newsroom.latest().items}
    assert arrived == {"old one": None, "old two": None, "fresh": NOW + dt.timedelta(seconds=900)}
    [state] = poller.newsroom.latest().feeds
    assert (state.state, state.items, state.last_new) == ("ok", 3, NOW + dt.timedelta(seconds=900))


async def test_two_pollers_store_each_item_once(rig: Rig, replicas: list[Store]):
    """Two pollers (each with its own engine) poll one feed at the same moment: each item is stored once."""
    stores = replicas

    async def feed(_: web.Request) -> web.Response:
        return web.Response(body=RSS, content_type="application/rss+xml")

    rig.server.together("/shared", len(stores), feed)
    rig.use(rig.feed("shared", "/shared"))
    raced = await rig.race(stores)
    assert sorted(result.new for result, _ in raced) == [0, 4]
    assert FeedStore(stores[0]).counts() == {"shared": 4}
    assert all(len(poller.newsroom.latest().items) == 4 for _, poller in raced)



async def test_failures_disable_the_feed_and_retry_enables_it(rig: Rig):
    rig.server.serve("/flaky", b"oops", "text/plain", status=500)
    rig.use(rig.feed("flaky", "/flaky"))
    poller = rig.poller(max_failures=3)
    try:
        results = [(await poller.poll_now())[0] for _ in range(4)]
        assert [(r.result, r.state) for r in results] == [
            ("failed", "failing"), ("failed", "failing"), ("disabled", "disabled"), ("disabled", "disabled"),
        ]
        assert results[-1].reason == "HTTP 500 Internal Server Error"
        assert rig.server.hits("/flaky") == 3
        assert poller.newsroom.latest().feeds[0].state == "disabled"
        rig.server.serve("/flaky", RSS)
        assert await poller.retry("flaky") is True
        assert await poller.retry("flaky") is False
        [back] = await poller.poll_now("flaky")
    finally:
        await poller.close()
    assert (back.result, back.state, back.new) == ("new", "ok", 4)
    assert [(s.state, s.items, s.reason) for s in await poller.states()] == [("ok", 4, "")]
    assert poller.metrics.feed_polls.labels("flaky", "failed")._value.get() == 2
    assert poller.metrics.feed_polls.labels("flaky", "disabled")._value.get() == 1


async def test_unknown_feed_ids_are_refused(rig: Rig):
    poller = rig.poller()
    for call in (poller.poll_now, poller.retry):
        try:
            await call("nope")
        except ValueError as exc:
            assert "no feed 'nope'" in str(exc)
        else:
            raise AssertionError("accepted an unknown feed")


async def test_retention_deletes_items_older_than_the_setting(rig: Rig):
    feeds = FeedStore(rig.store)
    feeds.add([
        ItemRow("news", f"k{days}", f"{days} days old", "", "", NOW - dt.timedelta(days=days)) for days in (1, 29, 31, 400)
    ])
    rig.server.serve("/feed", rss())
    rig.use(rig.feed("news", "/feed"))
    poller = rig.poller(retention_days=30, check=0.01, soon=0.01)
    poller.start()
    try:
        await until(lambda: feeds.counts() == {"news": 2} and len(poller.newsroom.latest().items) == 2)
    finally:
        await poller.stop()
    assert [item.title for item in poller.newsroom.latest().items] == ["1 days old", "29 days old"]


def edited_catalog(tmp_path: Path, old: str, new: str):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content, dirs_exist_ok=True)
    models = content / "models.yaml"
    assert old in models.read_text()
    models.write_text(models.read_text().replace(old, new, 1))
    return load_catalog(content)


async def test_hot_reload_retags_adds_and_removes_feeds(rig: Rig, tmp_path: Path):
    rig.server.serve("/a", rss("Zephyr beats Muse Spark", "Zephyr again"))
    rig.server.serve("/b", rss("Only in b"))
    a, b = rig.feed("a", "/a"), rig.feed("b", "/b", ("meta",))
    rig.use(a)
    poller = rig.poller(check=0.01, soon=0.01)
    latest = poller.newsroom.latest
    poller.start()
    try:
        await until(lambda: len(latest().items) == 2)
        assert {item.title: item.tags for item in latest().items}["Zephyr beats Muse Spark"] == ("muse-spark",)
        rig.base = edited_catalog(tmp_path, "aliases: [muse, spark, meta muse spark]", "aliases: [muse, spark, Zephyr]")
        rig.use(a, b)  # a reload: Zephyr is now an alias, and feed b is new
        retagged = {"Zephyr beats Muse Spark": ("muse-spark",), "Zephyr again": ("muse-spark",), "Only in b": ("meta",)}
        await until(lambda: {item.title: item.tags for item in latest().items} == retagged)
        hits = rig.server.hits("/a")
        rig.use(b)
        await until(lambda: [feed.id for feed in latest().feeds] == ["b"])
        assert [item.title for item in latest().items] == ["Only in b"]
        await asyncio.sleep(0.1)
        assert rig.server.hits("/a") == hits
    finally:
        await poller.stop()


async def test_a_reload_that_changes_a_disabled_feed_enables_it(rig: Rig):
    rig.server.serve("/gone", b"", status=410)
    feed = rig.feed("gone", "/gone")
    rig.use(feed)
    poller = rig.poller(check=0.01, soon=0.01)
    poller.start()
    try:
        await until(lambda: [f.state for f in poller.newsroom.latest().feeds] == ["disabled"])
        rig.server.serve("/moved", RSS)
        rig.use(msgspec.structs.replace(feed, url=rig.server.url("/moved")))
        await until(lambda: [f.state for f in poller.newsroom.latest().feeds] == ["ok"])
    finally:
        await poller.stop()
    assert all(item.arrived is None for item in poller.newsroom.latest().items)  # a new address seeds again


async def test_stop_cancels_polls_in_flight(rig: Rig):
    async def never(_: web.Request) -> web.Response:
        await asyncio.sleep(60)
        return web.Response()

    rig.server.routes["/never"] = never
    rig.use(rig.feed("never", "/never"))
    poller: Poller = rig.poller(check=0.01, soon=0.01)
    poller.start()
    await until(lambda: rig.server.hits("/never") == 1)
    async with asyncio.timeout(1):
        await poller.stop()
    assert poller.fetcher._session is None


async def test_the_running_poller_reads_what_operators_did(rig: Rig):
    """Items `newsbot feeds poll` stored reach the running bot's /news, and a feed `newsbot feeds retry`
    enabled is polled soon, not at its next planned poll."""
    rig.server.serve("/gone", b"", status=410)
    rig.server.serve("/news", rss("First"))
    rig.use(rig.feed("gone", "/gone"), rig.feed("news", "/news"))
    running = rig.poller(check=0.01, soon=0.01, sync=0.05, interval=3600)
    latest = running.newsroom.latest
    running.start()
    operator = rig.poller()
    try:
        await until(lambda: {f.id: f.state for f in latest().feeds} == {"gone": "disabled", "news": "ok"})
        rig.server.serve("/news", rss("First", "Second"))
        assert [r.new for r in await operator.poll_now("news")] == [1]  # another process stores an item
        await until(lambda: "Second" in [item.title for item in latest().items])
        rig.server.serve("/gone", RSS)
        assert await operator.retry("gone")
        await until(lambda: {f.id: f.state for f in latest().feeds}["gone"] == "ok")
        assert rig.server.hits("/gone") == 2
    finally:
        await operator.close()
        await running.stop()
