"""/news with a date: every form dates.py reads, at exactly the precision typed (a month is not a day), relative
words against the request's own time, days that do not exist, dates with a model or words, pages, and numeric
days that read both ways."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace

import pytest

from bench.bench_news import TAKEN, SnapshotDesk, with_feeds
from bot.content.catalog import Catalog
from bot.core import Core, Request, Status
from bot.core.news import NewsItem, snapshot

UTC = dt.UTC


def item(when: dt.datetime, title: str, *tags: str, summary: str = "") -> NewsItem:
    return NewsItem("lab-blog", title, f"https://lab-blog.example/{when.isoformat()}", when, tags, summary, when)


ITEMS = [
    item(dt.datetime(2026, 4, 13, 8, 0, tzinfo=UTC), "Spark today", "muse-spark"),  # TAKEN is Monday Apr 13, 09:00
    item(dt.datetime(2026, 4, 12, 23, 30, tzinfo=UTC), "Sunday weights", summary="open weights"),
    item(dt.datetime(2026, 4, 9, 1, 0, tzinfo=dt.timezone(dt.timedelta(hours=5))), "Late on the 8th UTC"),
    item(dt.datetime(2026, 4, 8, 12, 0, tzinfo=UTC), "Spark on the 8th", "muse-spark", summary="open weights"),
    item(dt.datetime(2026, 4, 1, 0, 0, tzinfo=UTC), "First of April", "muse-spark"),
    item(dt.datetime(2026, 3, 31, 23, 59, tzinfo=UTC), "Last of March", "muse-spark", summary="open weights"),
    item(dt.datetime(2025, 12, 31, 23, 59, tzinfo=UTC), "New year's eve"),
    item(dt.datetime(2025, 8, 4, 10, 0, tzinfo=UTC), "August the fourth"),
    item(dt.datetime(2025, 4, 8, 10, 0, tzinfo=UTC), "A year before"),
]
APRIL = ["Spark today", "Sunday weights", "Late on the 8th UTC", "Spark on the 8th", "First of April"]
EIGHTH = ["Late on the 8th UTC", "Spark on the 8th"]


@pytest.fixture(scope="module")
def feeds_catalog(catalog: Catalog) -> Catalog:
    return with_feeds(catalog)


def answer(catalog: Catalog, line: str, items=ITEMS, created: dt.datetime | None = TAKEN, **request):
    core = Core(catalog, news=SnapshotDesk(snapshot(items, (), TAKEN)))
    return core.handle(replace(Request.parse(line), created=created, **request))


def titles(reply) -> list[str]:
    return [shown.title for shown in reply.items]


@pytest.mark.parametrize(
    ("typed", "title", "expected"),
    [
        ("april 2026", "News in April 2026", APRIL),
        ("Apr 2026", "News in April 2026", APRIL),
        ("04/2026", "News in April 2026", APRIL),
        ("2026-04", "News in April 2026", APRIL),
        ("2026-04-08", "News on Apr 8, 2026", EIGHTH),
        ("april 8, 2026", "News on Apr 8, 2026", EIGHTH),
        ("8 april 2026", "News on Apr 8, 2026", EIGHTH),
        ("13/04/2026", "News on Apr 13, 2026", ["Spark today"]),  # 13 is no month: one reading
        ("2025", "News in 2025", ["New year's eve", "August the fourth", "A year before"]),
        ("march 2026", "News in March 2026", ["Last of March"]),
    ],
)
def test_each_form_keeps_the_days_it_names(feeds_catalog, typed, title, expected):
    reply = answer(feeds_catalog, f"/news {typed}")
    assert reply.ok and reply.title == title and titles(reply) == expected
    assert not reply.lines  # nothing to say about how it was read


def test_a_month_is_not_a_day_and_a_day_is_not_a_month(feeds_catalog):
    month = answer(feeds_catalog, "/news 2026-04")
    assert "First of April" in titles(month) and "Last of March" not in titles(month)  # midnight UTC bounds it
    day = answer(feeds_catalog, "/news 2026-04-01")
    assert titles(day) == ["First of April"] and day.title == "News on Apr 1, 2026"
    year = answer(feeds_catalog, "/news 2026")
    assert year.title == "News in 2026" and len(year.items) == 6


def test_the_utc_day_of_published_counts(feeds_catalog):
    # 01:00 on Apr 9 at UTC+5 is 20:00 on Apr 8 in UTC
    assert "Late on the 8th UTC" in titles(answer(feeds_catalog, "/news 2026-04-08"))
    assert answer(feeds_catalog, "/news 2026-04-09").status is Status.NOT_FOUND


@pytest.mark.parametrize(
    ("typed", "created", "title", "expected"),
    [
        ("apr 8", TAKEN, "News on Apr 8, 2026", EIGHTH),
        ("the 8th of april", TAKEN, "News on Apr 8, 2026", EIGHTH),
        ("april", TAKEN, "News in April 2026", APRIL),
        ("april", dt.datetime(2026, 3, 20, tzinfo=UTC), "News in April 2025", ["A year before"]),  # not in the future
        ("apr 8", dt.datetime(2026, 4, 7, tzinfo=UTC), "News on Apr 8, 2025", ["A year before"]),
        ("may", TAKEN, "No news in May 2025", []),  # a month name alone is that month
    ],
)
def test_a_month_or_day_without_a_year_is_the_latest_one(feeds_catalog, typed, created, title, expected):
    reply = answer(feeds_catalog, f"/news {typed}", created=created)
    assert reply.title == title and titles(reply) == expected
    assert reply.lines[0].startswith(f"“{typed.removeprefix('the ')}” has no year: read as the latest up to today")


@pytest.mark.parametrize(
    ("typed", "title", "expected"),
    [
        ("today", "News today (Apr 13, 2026)", ["Spark today"]),
        ("yesterday", "News yesterday (Apr 12, 2026)", ["Sunday weights"]),
        ("this week", "News this week (Apr 13, 2026)", ["Spark today"]),  # a Monday
        ("last week", "News last week (Apr 6 – Apr 12, 2026)", ["Sunday weights", *EIGHTH]),
        ("this month", "News this month (April 2026)", APRIL),
        ("last month", "News last month (March 2026)", ["Last of March"]),
        ("last 7 days", "News in the last 7 days (Apr 7 – Apr 13, 2026)", APRIL[:4]),
        ("past 3 days", "News in the past 3 days (Apr 11 – Apr 13, 2026)", APRIL[:2]),
        ("last year", "News last year (2025)", ["New year's eve", "August the fourth", "A year before"]),
    ],
)
def test_relative_words_read_against_the_request_time(feeds_catalog, typed, title, expected):
    reply = answer(feeds_catalog, f"/news {typed}")
    assert reply.title == title and titles(reply) == expected


def test_relative_words_move_with_the_request_time(feeds_catalog):
    later = answer(feeds_catalog, "/news last week", created=dt.datetime(2026, 4, 20, 3, tzinfo=UTC))
    assert later.title == "News last week (Apr 13 – Apr 19, 2026)" and titles(later) == ["Spark today"]
    now = dt.datetime.now(UTC).date()
    assert answer(feeds_catalog, "/news this year", created=None).title.endswith(f"({now.year})")  # no time: now


@pytest.mark.parametrize(
    ("typed", "why"),
    [
        ("2026-02-30", "“2026-02-30” is not a real date"),
        ("31/02/2026", "“31/02/2026” is not a real date"),
        ("apirl 45", "“apirl 45” is not a real date"),
        ("muse spark june 31", "“june 31” is not a real date"),
        ("the 31st of june", "“31st of june” is not a real date"),
        ("4/8", "“4/8” has no year"),
    ],
)
def test_a_date_that_does_not_exist_says_so(feeds_catalog, typed, why):
    reply = answer(feeds_catalog, f"/news {typed}")
    assert reply.status is Status.BAD_INPUT and reply.title == "That is no date"
    assert reply.lines[0].startswith(why)


@pytest.mark.parametrize(
    ("line", "title", "expected"),
    [
        ("/news muse spark april 2026", "News about Muse Spark in April 2026", ["Spark today", "Spark on the 8th",
                                                                                "First of April"]),
        ("/news Muse Spark in March 2026", "News about Muse Spark in March 2026", ["Last of March"]),
        ("/news 2026-04-08 muse spark", "News about Muse Spark on Apr 8, 2026", ["Spark on the 8th"]),
        ("/news open weights in april 2026", "News matching “open weights” in April 2026",
         ["Sunday weights", "Spark on the 8th"]),
        ("/news muse spark last week", "News about Muse Spark last week (Apr 6 – Apr 12, 2026)", ["Spark on the 8th"]),
        ("/news Weights over the last 7 days", "News matching “Weights” in the last 7 days (Apr 7 – Apr 13, 2026)",
         ["Sunday weights", "Spark on the 8th"]),
    ],
)
def test_a_date_with_a_model_or_words_applies_both(feeds_catalog, line, title, expected):
    reply = answer(feeds_catalog, line)
    assert reply.title == title and titles(reply) == expected


def test_nothing_on_those_days_says_what_the_news_covers(feeds_catalog):
    reply = answer(feeds_catalog, "/news muse spark 2024")
    assert reply.status is Status.NOT_FOUND and reply.title == "No news about Muse Spark in 2024"
    assert reply.lines == ("The news kept runs from Apr 8, 2025 to Apr 13, 2026.",)
    assert reply.suggestions == ("/news muse spark",)
    assert answer(feeds_catalog, "/news zebra april 2026").title == "No news matches “zebra” in April 2026"


def test_pages_of_a_day(feeds_catalog):
    day = dt.datetime(2026, 4, 8, tzinfo=UTC)
    many = [item(day + dt.timedelta(minutes=minute), f"Spark {minute}", "muse-spark") for minute in range(25)]
    many += [item(day - dt.timedelta(minutes=1), "The day before", "muse-spark")]
    first = answer(feeds_catalog, "/news muse spark 2026-04-08", many)
    assert (first.page, first.pages) == (1, 3) and first.suggestions == ("/news muse spark 2026-04-08 page 2",)
    last = answer(feeds_catalog, "/news muse spark 2026-04-08 page 3", many)
    assert titles(last) == [f"Spark {minute}" for minute in range(4, -1, -1)]
    words = answer(feeds_catalog, "/news spark apr 8 2026", many, page=3)
    assert titles(words) == titles(last) and not words.suggestions
    beyond = answer(feeds_catalog, "/news 2026-04-08 page 4", many)
    assert beyond.status is Status.NOT_FOUND and beyond.lines == ("Pick a page from 1 to 3.",)


def test_a_numeric_day_read_both_ways_shows_both(feeds_catalog):
    reply = answer(feeds_catalog, "/news 08/04/2025")
    assert reply.title == "News on Apr 8, 2025 or Aug 4, 2025"
    assert titles(reply) == ["August the fourth", "A year before"]  # newest first across both days
    assert reply.lines == ("“08/04/2025” can be Apr 8, 2025 (day first) or Aug 4, 2025 (month first): both are "
                           "searched. For one of them, write 2025-04-08 or 2025-08-04.",)
    assert reply.suggestions == ("/news 2025-04-08", "/news 2025-08-04")
    timeline_note = Core(feeds_catalog).handle(Request.parse("/timeline 08/04/2025")).lines
    assert timeline_note == (reply.lines[0],)  # one wording, in dates.py
    spark = answer(feeds_catalog, "/news muse spark 04/08/2026")
    assert spark.title == "News about Muse Spark on Aug 4, 2026 or Apr 8, 2026"  # day first first, as dates.py reads
    assert titles(spark) == ["Spark on the 8th"]
    assert spark.suggestions == ("/news muse spark 2026-08-04", "/news muse spark 2026-04-08")


def test_names_and_versions_are_no_dates(feeds_catalog):
    assert answer(feeds_catalog, "/news llama 4").title == "No news about Llama 4 Maverick yet"
    assert answer(feeds_catalog, "/news opus 4.6 weights").title == "No news matches “opus 4.6 weights”"
