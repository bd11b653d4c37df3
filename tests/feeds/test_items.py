"""What a feed's answers become in the database: the same post under a new guid is one item, even when
two pollers race; nothing past retention is stored (so nothing old is announced after a prune); an
item without a date stays while its feed lists it; one poll stores at most MAX_NEW new items; and the
feeds are counted by state on /metrics."""

from __future__ import annotations

import datetime as dt
import email.utils
import itertools
import logging
from collections.abc import Callable

import pytest
from aiohttp import web

from bot.runtime.feeds.poller import MAX_NEW
from bot.store import Store
from bot.store.feeds import FeedStore
from tests.feeds.conftest import NOW, Rig

DAY = 86400


def rss(*items: tuple[str, str, str, dt.datetime | None]) -> bytes:
    """An RSS 2.0 document of (guid, title, link, date) items; an empty guid or link, or a None date, is
    left out."""
    entries = "".join(
        "<item>" + (f"<guid>{guid}</guid>" if guid else "") + f"<title>{title}</title>"
        + (f"<link>{link}</link>" if link else "")
        + (f"<pubDate>{email.utils.format_datetime(date)}</pubDate>" if date else "") + "</item>"
        for guid, title, link, date in items
    )
    return f"<rss version='2.0'><channel><title>T</title>{entries}</channel></rss>".encode()


def posts(count: int, guids: str, newest: dt.datetime = NOW) -> bytes:
    """`count` posts a minute apart, each with its own link, title and date, and guids from `guids`."""
    return rss(*((f"{guids}-{n}", f"Post {n}", f"https://blog.example/{n}", newest - dt.timedelta(minutes=n))
                 for n in range(count)))


def fresh_guids(count: int) -> web.RequestHandler:
    """A handler that answers the same `count` posts with new guids every time (a CMS that mints them)."""
    answers = itertools.count()

    async def handler(_: web.Request) -> web.Response:
        return web.Response(body=posts(count, f"poll{next(answers)}"), content_type="application/rss+xml")

    return handler


async def test_new_guids_for_the_same_posts_add_nothing(rig: Rig):
    rig.server.routes["/minted"] = fresh_guids(500)
    rig.use(rig.feed("minted", "/minted"))
    poller = rig.poller()
    try:
        results = [(await poller.poll_now())[0] for _ in range(3)]
    finally:
        await poller.close()
    assert [(r.result, r.new) for r in results] == [("new", 500), ("unchanged", 0), ("unchanged", 0)]
    assert FeedStore(rig.store).counts() == {"minted": 500}
    assert not [item for item in poller.newsroom.latest().items if item.arrived is not None]  # none announced


async def test_the_same_title_and_date_is_one_item_and_a_shared_link_is_no_identity(rig: Rig):
    """A linkless post under a new guid is the same post; posts that all link to the home page are not."""
    home = "https://notes.example/"
    first = rss(("g1", "Linkless", "", NOW), ("n1", "Note one", home, NOW),
                ("n2", "Note two", home, NOW))
    rig.server.serve("/notes", first)
    rig.use(rig.feed("notes", "/notes"))
    poller = rig.poller()
    try:
        [seeded] = await poller.poll_now()
        rig.server.serve("/notes", rss(("g2", "Linkless", "", NOW), ("n3", "Note three", home, NOW),
                                       ("n1", "Note one", home, NOW), ("n2", "Note two", home, NOW)))
        [second] = await poller.poll_now()
    finally:
        await poller.close()
    assert (seeded.new, second.new) == (3, 1)
    titles = sorted(item.title for item in poller.newsroom.latest().items)
    assert titles == ["Linkless", "Note one", "Note three", "Note two"]


HOME = "https://ex.example/"
Entry = tuple[str, str, str, dt.datetime | None]


@pytest.mark.parametrize(("listed", "news"), [
    # new posts that share something with an earlier one, but not what makes them the same post
    (lambda n, now: [(f"g{n}", f"Post {n}", HOME, now)], [1, 1, 1]),  # a link reused by new titles
    (lambda n, now: [("", f"Post {n}", HOME, now)], [1, 1, 1]),  # the same, without guids
    (lambda n, now: [(f"w{n}", "Weekly update", f"{HOME}w{n}", None)], [1, 1, 1]),  # an undated title, a new link
    (lambda n, now: [(f"w{k}", "Weekly update", HOME, now - dt.timedelta(days=n - k)) for k in range(n, -1, -1)],
     [1, 1, 1]),  # the same link and title on other dates, listed together: the feed says they are several
    # the same post again under a new guid
    (lambda n, now: [(f"g{n}", "Same post", f"{HOME}same", now)], [1, 0, 0]),  # the same link and title, re-dated
    (lambda n, now: [(f"g{n}", "Same post", "", NOW)], [1, 0, 0]),  # the same title and date, no link
    (lambda n, now: [(f"g{n}", "Same post", f"{HOME}same", None)], [1, 0, 0]),  # the same link and title, undated
], ids=["shared-link", "shared-link-no-guid", "undated-title", "listed-together", "re-dated", "linkless", "undated"])
async def test_an_item_is_the_same_only_by_its_link_and_title_or_its_title_and_date(
    rig: Rig, listed: Callable[[int, dt.datetime], list[Entry]], news: list[int],
):
    """Polled a day apart, a feed listing these: new posts are news, however much they share with older
    ones (a link alone, or a title without a date, identifies nothing); the same post is not."""
    rig.use(rig.feed("ex", "/ex"))
    poller, polled = rig.poller(), []
    try:
        for n in range(3):
            rig.clock.advance(DAY)
            rig.server.serve("/ex", rss(*listed(n, rig.clock.now)))
            polled.append((await poller.poll_now())[0].new)
    finally:
        await poller.close()
    assert polled == news


async def test_items_past_retention_are_never_stored_so_a_prune_announces_nothing(rig: Rig):
    """The hourly prune deletes an item the feed still lists; the next poll must not store it again as
    news (arrived now), nor store a 200-day-old post at all."""
    recent = ("recent", "Recent post", "https://blog.example/recent", NOW - dt.timedelta(days=1))
    ancient = ("ancient", "Ancient post", "https://blog.example/ancient", NOW - dt.timedelta(days=200))
    rig.server.serve("/blog", rss(recent, ancient))
    rig.use(rig.feed("blog", "/blog"))
    feeds, poller = FeedStore(rig.store), rig.poller(retention_days=30)
    try:
        [seeded] = await poller.poll_now()
        assert seeded.new == 1 and feeds.counts() == {"blog": 1}  # the ancient post was past retention
        rig.clock.advance(40 * DAY)
        fresh = ("fresh", "Fresh post", "https://blog.example/fresh", rig.clock.now)
        rig.server.serve("/blog", rss(fresh, recent, ancient))
        [polled] = await poller.poll_now()
        assert (polled.result, polled.new) == ("new", 1)
        assert feeds.prune(rig.clock.now - dt.timedelta(days=30)) == 1  # "recent" is 41 days old now
        [again] = await poller.poll_now()
        await poller.newsroom.update(full=True)
    finally:
        await poller.close()
    assert (again.result, again.new) == ("unchanged", 0)
    assert [(item.title, item.arrived) for item in poller.newsroom.latest().items] == [("Fresh post", rig.clock.now)]


async def test_an_item_without_a_date_stays_while_its_feed_lists_it(rig: Rig):
    """Such an item is dated when first seen: the prune keeps it while polls (a 304 too) still find it
    listed, so it never comes back as news; once the feed drops it, it goes after retention."""
    undated = ("about", "About this blog", "https://blog.example/about", None)
    rig.server.serve("/blog", rss(undated), etag='"v1"')
    rig.use(rig.feed("blog", "/blog"))
    feeds, poller = FeedStore(rig.store), rig.poller(retention_days=30)
    try:
        assert [r.new for r in await poller.poll_now()] == [1]
        rig.clock.advance(20 * DAY)
        assert [r.result for r in await poller.poll_now()] == ["not_modified"]
        rig.clock.advance(20 * DAY)
        assert feeds.prune(rig.clock.now - dt.timedelta(days=30)) == 0  # listed 20 days ago: kept
        fresh = ("fresh", "Fresh post", "https://blog.example/fresh", rig.clock.now)
        rig.server.serve("/blog", rss(fresh, undated), etag='"v2"')
        assert [(r.result, r.new) for r in await poller.poll_now()] == [("new", 1)]
        rig.server.serve("/blog", rss(fresh), etag='"v3"')
        assert [r.new for r in await poller.poll_now()] == [0]
        announced = [item.title for item in poller.newsroom.latest().items if item.arrived is not None]
        assert announced == ["Fresh post"]
        rig.clock.advance(31 * DAY)
        assert feeds.prune(rig.clock.now - dt.timedelta(days=30)) == 2  # both, the undated one no longer listed
    finally:
        await poller.close()


@pytest.mark.parametrize("etag", [None, '"v1"'])
async def test_one_poll_stores_at_most_max_new_items_newest_first(
    rig: Rig, caplog: pytest.LogCaptureFixture, etag: str | None,
):
    """The rest wait for the next polls, also behind an ETag: a capped poll keeps the old validators, so
    the server cannot answer 304 while items are left untried."""
    rig.server.serve("/flood", posts(10, "old", NOW - dt.timedelta(hours=1)), etag=etag and '"v0"')
    rig.use(rig.feed("flood", "/flood"))
    poller = rig.poller()
    flood = MAX_NEW * 2 + 50
    try:
        await poller.poll_now()
        newer = [(f"new-{n}", f"New {n}", f"https://flood.example/{n}", NOW - dt.timedelta(seconds=n))
                 for n in range(flood)]
        rig.server.serve("/flood", rss(*newer[::-1]), etag=etag)  # oldest first: the cap still keeps the newest
        with caplog.at_level(logging.WARNING, "newsbot.feeds"):
            polls = [(await poller.poll_now())[0] for _ in range(4)]
    finally:
        await poller.close()
    assert [poll.new for poll in polls] == [MAX_NEW, MAX_NEW, 50, 0]
    assert polls[-1].result == ("not_modified" if etag else "unchanged")
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING]
    cut = (f"feed flood: {MAX_NEW} new items in one poll, the most one poll stores; "
           "{} more listed item(s) not tried, left for the next poll")
    assert warnings == [cut.format(flood - MAX_NEW), cut.format(50)]
    titles = [item.title for item in poller.newsroom.latest().items if item.arrived is not None]
    assert titles[:MAX_NEW] == [f"New {n}" for n in range(MAX_NEW)]


async def test_feeds_are_counted_by_state(rig: Rig):
    rig.server.serve("/ok", posts(2, "ok"))
    rig.server.serve("/broken", b"oops", "text/plain", status=500)
    rig.server.serve("/gone", b"", status=410)
    rig.use(*(rig.feed(name, f"/{name}") for name in ("ok", "broken", "gone", "later")))
    poller = rig.poller()
    try:
        for name in ("ok", "broken", "gone"):
            await poller.poll_now(name)
    finally:
        await poller.close()
    gauge = poller.metrics.feeds
    assert {state: gauge.labels(state)._value.get() for state in ("new", "ok", "failing", "disabled")} == {
        "new": 1, "ok": 1, "failing": 1, "disabled": 1,
    }


async def test_two_pollers_store_a_post_with_fresh_guids_once(rig: Rig, replicas: list[Store]):
    """Two pollers (each with its own engine) poll a feed that mints new guids at the same moment, past
    their first poll: each post is stored once, by one of them (ON CONFLICT DO NOTHING on the identity keys)."""
    stores = replicas
    rig.server.serve("/minted", posts(1, "seed"))
    rig.use(rig.feed("minted", "/minted"))
    await rig.race(stores[:1])  # seeds the feed: what follows is news
    rig.server.together("/minted", len(stores), fresh_guids(50))
    raced = await rig.race(stores)
    assert sorted(result.new for result, _ in raced) == [0, 49]  # post 0 was the seed
    assert FeedStore(stores[0]).counts() == {"minted": 50}

