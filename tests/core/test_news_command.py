"""/news: filters by model (alias), organization (with its parts' and models' items) and words, pages, empty
states, hostile items; and a 100,000-item snapshot answered from its indexes."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import replace

import pytest

from bench.bench_news import TAKEN, SnapshotDesk, synthetic_snapshot, with_feeds
from bot.content.catalog import Catalog
from bot.core import Core, Request, Status
from bot.core.commands.news import COUNTED, PAGE_SIZE
from bot.core.commands.news_filters import tags_of
from bot.core.news import FeedState, NewsItem, snapshot
from bot.render.text import render_text


def item(minutes: int, title: str, *tags: str, summary: str = "", feed: str = "lab-blog", link: str = "") -> NewsItem:
    """An item published `minutes` before TAKEN, arrived five minutes later."""
    published = TAKEN - dt.timedelta(minutes=minutes)
    return NewsItem(feed, title, link or f"https://lab-blog.example/{minutes}", published, tags, summary,
                    published + dt.timedelta(minutes=5))


ITEMS = [
    item(1, "Muse Spark tops the index", "muse-spark", "msl", summary="Meta's new model beats GPT-5.4 on HealthBench"),
    item(2, "MSL hires again", "msl", summary="Superintelligence lab grows", feed="industry-wire"),
    item(3, "Meta opens a data center", "meta", summary="Hyperion is being built"),
    item(4, "Claude Opus 4.6 pricing", "claude-opus-4.6", "anthropic", summary="Open weights? No."),
    item(5, "Weekly roundup", summary="Nothing named here, but open weights are discussed", feed="unknown-feed"),
    item(6, "[click](https://evil) <!channel> @everyone <@U123>", "meta", link="javascript:alert(1)"),
]


@pytest.fixture(scope="module")
def feeds_catalog(catalog: Catalog) -> Catalog:
    return with_feeds(catalog)


def answer(catalog: Catalog, line: str, items=ITEMS, feeds=(), **request):
    core = Core(catalog, news=SnapshotDesk(snapshot(items, feeds, TAKEN)))
    return core.handle(replace(Request.parse(line), **request))


def titles(reply) -> list[str]:
    return [shown.title for shown in reply.items]


def test_all_news_newest_first_with_feed_date_and_tags(feeds_catalog):
    reply = answer(feeds_catalog, "/news")
    assert reply.ok and reply.title == "Latest news" and (reply.page, reply.pages) == (1, 1)
    assert titles(reply) == [i.title for i in ITEMS]
    first = reply.items[0]
    assert (first.link, first.meta) == ("https://lab-blog.example/1",
                                         "Lab Blog · Apr 13, 2026 · Muse Spark, Meta Superintelligence Labs")
    assert reply.items[1].meta.startswith("Industry Wire · ")
    assert reply.items[4].meta == "unknown-feed · Apr 13, 2026"  # not in the content: the feed's id
    assert "from 5 followed feeds; checked Mon Apr 13, 2026 09:00 UTC" in reply.footer[0]


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/news muse spark", ["Muse Spark tops the index"]),
        ("/news MUSE-SPARK", ["Muse Spark tops the index"]),
        ("/news opus", ["Claude Opus 4.6 pricing"]),  # an alias
        ("/news msl", ["Muse Spark tops the index", "MSL hires again"]),
        ("/news facebook", [i.title for i in ITEMS if i.tags and i.tags[0] != "claude-opus-4.6"]),  # Meta, alias
        ("/news anthropic", ["Claude Opus 4.6 pricing"]),
    ],
)
def test_models_and_organizations_by_name_or_alias(feeds_catalog, line, expected):
    reply = answer(feeds_catalog, line)
    assert titles(reply) == expected


def test_an_organization_takes_in_its_parts_and_models(feeds_catalog):
    assert {"meta", "msl", "muse-spark"} <= set(tags_of(feeds_catalog, "meta"))
    tagged_only_muse_spark = [item(1, "Spark news", "muse-spark")]
    assert titles(answer(feeds_catalog, "/news Meta", tagged_only_muse_spark)) == ["Spark news"]
    assert answer(feeds_catalog, "/news Meta").title == "News about Meta"


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/news open weights", ["Claude Opus 4.6 pricing", "Weekly roundup"]),
        ("/news HEALTHBENCH", ["Muse Spark tops the index"]),
        ("/news hyperion built", ["Meta opens a data center"]),
        ("/news super", ["MSL hires again"]),  # words match from their start: 'superintelligence'
        ("/news data-center", ["Meta opens a data center"]),  # punctuation is ignored
    ],
)
def test_every_word_must_be_in_the_title_or_summary(feeds_catalog, line, expected):
    reply = answer(feeds_catalog, line)
    assert reply.ok and titles(reply) == expected
    assert reply.title.startswith("News matching “")


def test_no_match_says_so_with_names_close_to_it(feeds_catalog):
    reply = answer(feeds_catalog, "/news muse sprak")
    assert reply.status is Status.NOT_FOUND and reply.ephemeral
    assert reply.title == "No news matches “muse sprak”"
    assert "Did you mean: Muse Spark" in reply.lines[0]
    assert reply.suggestions[0] == "/news Muse Spark"
    assert answer(feeds_catalog, "/news zzyzx quux").suggestions == ("/news",)


def test_a_model_without_items_is_not_a_typo(feeds_catalog):
    reply = answer(feeds_catalog, "/news gemini 3.1 pro")
    assert reply.status is Status.NOT_FOUND and reply.title == "No news about Gemini 3.1 Pro yet"
    assert reply.suggestions == ("/news", "/timeline Gemini 3.1 Pro")


def test_pages_of_ten_with_page_in_text_or_request(feeds_catalog):
    many = [item(minute, f"Spark item {minute}", "muse-spark") for minute in range(1, 26)]
    first = answer(feeds_catalog, "/news muse spark", many)
    assert (first.page, first.pages, first.more_pages) == (1, 3, False)  # one tag: counted exactly
    assert titles(first)[0] == "Spark item 1" and len(first.items) == PAGE_SIZE
    assert first.suggestions == ("/news muse spark page 2",)
    second = answer(feeds_catalog, "/news muse spark page 2", many)
    assert titles(second)[0] == "Spark item 11" and second.page == 2
    third = answer(feeds_catalog, "/news", many, page=3)
    assert titles(third) == [f"Spark item {m}" for m in range(21, 26)] and not third.suggestions
    beyond = answer(feeds_catalog, "/news muse spark page 9", many)
    assert beyond.status is Status.NOT_FOUND and beyond.title == "There is no page 9"
    assert beyond.lines == ("Pick a page from 1 to 3.",)
    for odd in ("0", "-1", "99999999999999999999"):  # a page number, not words to search for
        wrong = answer(feeds_catalog, f"/news muse spark page {odd}", many)
        assert wrong.status is Status.BAD_INPUT and wrong.title.startswith("There is no page")
        assert odd[:5] in wrong.title and wrong.suggestions == ("/news muse spark",)


def test_a_searched_list_counts_up_to_a_limit(feeds_catalog):
    many = [item(minute, f"Roundup {minute}", summary="weekly agents") for minute in range(1, 150)]
    reply = answer(feeds_catalog, "/news weekly agents", many)
    assert (reply.pages, reply.more_pages) == (COUNTED // PAGE_SIZE, True)
    assert f"Page 1 of {COUNTED // PAGE_SIZE}+." in render_text(reply)
    last = answer(feeds_catalog, "/news weekly agents page 15", many)
    assert (last.page, last.pages, last.more_pages) == (15, 15, False)
    assert titles(last) == [f"Roundup {m}" for m in range(141, 150)]


def test_no_items_yet_lists_the_feeds_and_their_state(feeds_catalog):
    states = [
        FeedState("lab-blog", "Lab Blog", "ok", TAKEN),
        FeedState("policy-watch", "Policy Watch", "disabled", TAKEN, reason="HTTP 410 Gone\n<!channel>"),
    ]
    reply = answer(feeds_catalog, "/news meta", items=[], feeds=states)
    assert reply.status is Status.NOT_FOUND and reply.title == "No news yet"
    assert reply.lines[:2] == ("Lab Blog: checked Mon Apr 13, 2026 09:00 UTC",
                               "Policy Watch: checked Mon Apr 13, 2026 09:00 UTC; disabled: HTTP 410 Gone <!channel>")
    assert "Research News: not checked yet" in reply.lines  # in the content, not polled yet


def test_no_feeds_points_to_the_readme(catalog):
    reply = answer(catalog, "/news", items=[])
    assert reply.title == "No news feeds are followed"
    assert "README section “News feeds”" in reply.lines[0] and "http" not in reply.lines[0]
    assert Core(catalog).handle(Request.parse("/news")).title == "No news feeds are followed"


def test_without_a_news_desk_news_is_read_by_the_running_bot(feeds_catalog):
    reply = Core(feeds_catalog).handle(Request.parse("/news meta"))
    assert reply.status is Status.BAD_INPUT and "newsbot run" in reply.lines[0]


def test_hostile_titles_stay_text(feeds_catalog):
    reply = answer(feeds_catalog, "/news click")
    (shown,) = reply.items
    assert shown.title == "[click](https://evil) <!channel> @everyone <@U123>"
    text = render_text(reply)
    assert "javascript" not in text and "[click](https://evil) <!channel>" in text
    assert answer(feeds_catalog, "/news @everyone").title == "Latest news"  # a mention names nothing


def test_autocomplete_offers_models_and_organizations(feeds_catalog):
    core = Core(feeds_catalog)
    offered = dict(core.complete("entity", "met"))
    assert {"Meta", "Muse Spark"} <= set(offered)
    assert ("Anthropic", "anthropic") in core.complete("entity", "anthro")
    assert core.commands.get("news").options[0].kind == "entity"


@pytest.fixture(scope="module")
def large(feeds_catalog: Catalog) -> Core:
    return Core(feeds_catalog, news=SnapshotDesk(synthetic_snapshot(feeds_catalog, 100_000)))


def matching(core: Core, words: list[str]) -> list[int]:
    """Positions of the items with a word beginning with each of `words`, the slow way."""
    shot = core.news.latest()
    patterns = [re.compile(rf"(?<![a-z0-9]){re.escape(word)}") for word in words]
    texts = [f"{i.title} {i.summary}".casefold() for i in shot.items]
    return [n for n, text in enumerate(texts) if all(p.search(text) for p in patterns)]


def test_a_100k_item_snapshot_is_answered_from_its_indexes(large):
    shot = large.news.latest()
    assert len(shot.items) == 100_000
    latest = large.handle(Request.parse("/news page 4000"))
    assert latest.pages == 10_000 and latest.items[0].title == shot.items[39_990].title
    spark = large.handle(Request.parse("/news muse spark page 3"))
    positions = shot.by_tag["muse-spark"]
    assert spark.pages == -(-len(positions) // PAGE_SIZE) and not spark.more_pages
    assert titles(spark) == [shot.items[n].title for n in positions[20:30]]
    meta = large.handle(Request.parse("/news meta page 2"))
    tags = set(tags_of(large.catalog, "meta"))
    expected = [n for n, i in enumerate(shot.items) if tags & set(i.tags)]
    assert titles(meta) == [shot.items[n].title for n in expected[10:20]] and meta.more_pages
    for words, page in ((["open", "weights"], 1), (["agents", "reasoning", "safety"], 7), (["99999"], 1)):
        found = matching(large, words)
        reply = large.handle(Request.parse(f"/news {' '.join(words)} page {page}"))
        assert titles(reply) == [shot.items[n].title for n in found[(page - 1) * 10 : page * 10]]
        assert reply.more_pages == (len(found) > (page - 1) * PAGE_SIZE + COUNTED)
    assert large.handle(Request.parse("/news quantum zebra")).status is Status.NOT_FOUND
