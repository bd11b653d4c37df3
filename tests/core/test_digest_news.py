"""News in digests: what arrived since the last digest (a week for a first one), grouped by model or
organization, capped with 'and N more', seeded items never announced, news alone is news; the /digest
preview path and a delivery through the runtime's Deliverer carry it too."""

from __future__ import annotations

import datetime as dt
import json
import warnings
from dataclasses import replace

import pytest

from bench.bench_news import TAKEN, SnapshotDesk, with_feeds
from bot.content.catalog import Catalog
from bot.core import Channel, Core, Request
from bot.core.commands.news import DIGEST_ITEMS, OTHER
from bot.core.digest_compose import compose
from bot.core.news import NewsItem, NewsSnapshot, snapshot
from bot.render.slack import render_slack
from bot.render.text import render_text
from tests.core.test_digest_command import MemoryDesk
from tests.runtime.digest_support import NEWS, World, slot, world  # noqa: F401 - fixture
from tests.slack.slack_fakes import assert_within_limits, texts

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    from bot.render.discord import render as render_discord

SINCE = TAKEN - dt.timedelta(days=1)


def arrived(hours: float, title: str, *tags: str, seeded: bool = False, link: str = "") -> NewsItem:
    """An item that arrived `hours` before TAKEN (published an hour earlier); `seeded`: from a first poll."""
    when = TAKEN - dt.timedelta(hours=hours)
    return NewsItem("lab-blog", title, link or f"https://lab-blog.example/{hours}", when - dt.timedelta(hours=1),
                    tags, "", None if seeded else when)


@pytest.fixture(scope="module")
def feeds_catalog(catalog: Catalog) -> Catalog:
    return with_feeds(catalog)


@pytest.fixture(scope="module")
def seen(feeds_catalog: Catalog):
    """What a channel saw at its last digest: the same content, so only news can be new."""
    return json.loads(json.dumps(compose(feeds_catalog, None, top_n=3, since=None).snapshot))


def news_of(items: list[NewsItem]) -> NewsSnapshot:
    return snapshot(items, [], TAKEN)


def test_news_alone_is_news_grouped_by_first_tag_with_other_news_last(feeds_catalog, seen):
    items = [
        arrived(1, "Untagged roundup"),
        arrived(2, "Spark and GPT", "muse-spark", "gpt-5.4"),
        arrived(3, "Meta news", "meta"),
        arrived(4, "More Spark", "muse-spark"),
        arrived(30, "Before the last digest", "meta"),
        arrived(5, "Seeded by a new feed", "meta", seeded=True),
    ]
    digest = compose(feeds_catalog, seen, top_n=3, since=SINCE, news=news_of(items))
    answer = digest.answer
    assert digest.news and answer.title.startswith("AI model race: what changed since")
    assert [(i.group, i.title) for i in answer.items] == [
        ("News about Muse Spark", "Spark and GPT"),
        ("News about Muse Spark", "More Spark"),
        ("News about Meta", "Meta news"),
        (OTHER, "Untagged roundup"),
    ]
    assert answer.items[0].meta == "Lab Blog · Apr 13, 2026"  # the group names what it is about
    assert answer.more_items == 0 and "/news" in answer.suggestions
    text = render_text(answer)
    assert "News about Muse Spark:\nSpark and GPT — Lab Blog · Apr 13, 2026\nhttps://lab-blog.example/2" in text
    assert "Before the last digest" not in text and "Seeded" not in text


def test_without_news_nothing_changed_is_still_no_news(feeds_catalog, seen):
    only_old = [arrived(30, "Old", "meta"), arrived(2, "Seeded", seeded=True)]
    for news in (None, news_of(only_old)):
        digest = compose(feeds_catalog, seen, top_n=3, since=SINCE, news=news)
        assert not digest.news and digest.answer.title.startswith("No news in the AI model race")


def test_news_is_capped_with_and_n_more(feeds_catalog, seen):
    items = [arrived(hour / 10, f"Item {hour}", "gpt-5.4") for hour in range(1, 31)]
    answer = compose(feeds_catalog, seen, top_n=3, since=SINCE, news=news_of(items)).answer
    assert [i.title for i in answer.items] == [f"Item {n}" for n in range(1, DIGEST_ITEMS + 1)]
    assert answer.more_items == 30 - DIGEST_ITEMS
    assert f"…and {30 - DIGEST_ITEMS} more" in render_text(answer)


def test_long_items_take_no_more_than_their_share(feeds_catalog, seen):
    items = [arrived(hour, "Long " * 60, link="https://lab-blog.example/" + "x" * 900) for hour in range(1, 6)]
    answer = compose(feeds_catalog, seen, top_n=3, since=SINCE, news=news_of(items)).answer
    assert 1 <= len(answer.items) < 5 and answer.more_items == 5 - len(answer.items)
    embeds = render_discord(answer)
    assert sum(len(e) for e in embeds) <= 6000 and "Showing" not in (embeds[-1].footer.text or "")


def test_a_first_digest_announces_the_last_week(feeds_catalog):
    items = [arrived(24 * 6, "This week", "meta"), arrived(24 * 8, "Last month", "meta")]
    digest = compose(feeds_catalog, None, top_n=3, since=None, news=news_of(items))
    assert digest.answer.title == "AI model race: where things stand"
    assert [i.title for i in digest.answer.items] == ["This week"]


def test_hostile_news_in_a_digest_renders_safely(feeds_catalog, seen):
    items = [arrived(1, "<!channel> [win](https://evil) *bold*", "meta", link="https://ok.example/a|b>c"),
             arrived(2, "data", link="data:text/html,<script>")]
    answer = compose(feeds_catalog, seen, top_n=3, since=SINCE, news=news_of(items)).answer
    message = render_slack(answer)
    shown = texts(list(message.blocks))
    assert "<https://ok.example/a%7Cb%3Ec|&lt;!channel&gt; [win](https://evil) *bold*>" in shown
    assert "data:" not in shown
    links = "".join(b["text"]["text"] for b in message.blocks if b["type"] == "section" and "text" in b)
    assert links.count("<") == 1  # the one link newsbot made
    description = "\n".join(e.description or "" for e in render_discord(answer))
    assert "[\\<!channel\\> \\[win\\]\\(https\\://evil\\) \\*bold\\*](https://ok.example/a%7Cb%3Ec)" in description


def test_digest_preview_shows_the_news(feeds_catalog):
    desk = MemoryDesk(feeds_catalog)
    core = Core(feeds_catalog, digests=desk, news=SnapshotDesk(news_of([arrived(1, "Spark ships", "muse-spark")])))
    answer = core.handle(Request.parse("/digest preview", channel=Channel("slack", "T1", "C1")))
    assert answer.title == "Preview: AI model race: where things stand"
    assert [i.title for i in answer.items] == ["Spark ships"]


async def test_a_news_only_digest_is_delivered_not_skipped(world: World) -> None:  # noqa: F811 - fixture
    world.catalog = with_feeds(world.catalog)
    sub = world.subscribe()
    assert (await world.deliverer().deliver(sub, slot(10))).posted  # the first digest: where things stand
    desk = SnapshotDesk(news_of([]))
    deliverer = world.deliverer(news=desk)
    assert (await deliverer.deliver(sub, slot(11))).detail != "posted"  # nothing new: skipped
    last = world.digests.get_by_id(sub).last_delivery
    desk.shot = snapshot([replace(arrived(1, "Spark ships", "muse-spark"), arrived=last + dt.timedelta(minutes=1))],
                         [], TAKEN)
    result = await deliverer.deliver(sub, slot(12))
    assert result.posted
    posted = world.fake.posts[-1]
    assert_within_limits({**posted, "blocks": [b for b in posted["blocks"] if "Spark ships" not in str(b)]})
    assert "*News about Muse Spark*\n<https://lab-blog.example/1|Spark ships> — Lab Blog" in texts(posted["blocks"])
    assert NEWS.channel == posted["channel"]


def test_an_item_stored_while_a_digest_was_posted_is_in_the_next(feeds_catalog, seen):
    """The next digest lists what arrived after the newest item the last one could list, not after the
    time that digest was recorded: an item stored in between is not skipped."""
    listed = arrived(5, "Listed last time", "muse-spark")
    first = compose(feeds_catalog, seen, top_n=3, since=SINCE, news=news_of([listed]))
    assert "Listed last time" in render_text(first.answer)
    between = arrived(3, "Stored while that digest was posted", "meta")  # before it was recorded, at hour 2
    recorded = TAKEN - dt.timedelta(hours=2)
    previous = json.loads(json.dumps(first.snapshot))
    second = compose(feeds_catalog, previous, top_n=3, since=recorded, news=news_of([between, listed]))
    text = render_text(second.answer)
    assert "Stored while that digest was posted" in text and "Listed last time" not in text
    third = compose(feeds_catalog, json.loads(json.dumps(second.snapshot)), top_n=3, since=TAKEN,
                    news=news_of([between, listed]))
    assert not third.news  # nothing new since
