"""Reading typed dates (bot.core.dates) and /timeline with the numeric forms people write."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core import Request, Status
from bot.core.dates import Span, When, mistyped, read_date, scan, unreadable
from bot.core.periods import relative, scan_relative

APRIL_2026 = ["Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]


@pytest.mark.parametrize(
    ("typed", "expected"),
    [
        ("2026", [When(2026)]),
        ("04/2026", [When(2026, 4)]),
        ("4/2026", [When(2026, 4)]),
        ("04-2026", [When(2026, 4)]),
        ("04.2026", [When(2026, 4)]),
        ("2026/04", [When(2026, 4)]),
        ("2026-4", [When(2026, 4)]),
        ("2026.04", [When(2026, 4)]),
        ("2026-04-08", [When(2026, 4, 8)]),
        ("2026/4/8", [When(2026, 4, 8)]),
        ("13/04/2026", [When(2026, 4, 13)]),  # 13 is no month: day first
        ("04/13/2026", [When(2026, 4, 13)]),  # ... or month first
        ("04/04/2026", [When(2026, 4, 4)]),
        ("08/04/2026", [When(2026, 4, 8), When(2026, 8, 4)]),  # either way: both, day first first
        ("8-4-2026", [When(2026, 4, 8), When(2026, 8, 4)]),
        ("08.04.2026", [When(2026, 4, 8)]),  # dots: day first
        ("April", [When(None, 4)]),
        ("sept.", [When(None, 9)]),
        ("apr 2026", [When(2026, 4)]),
        ("april 8", [When(None, 4, 8)]),
        ("April 8, 2026", [When(2026, 4, 8)]),
        ("8th of april 2026", [When(2026, 4, 8)]),
        ("feb 29", [When(None, 2, 29)]),
    ],
)
def test_read(typed, expected):
    assert list(read_date(typed)) == expected


@pytest.mark.parametrize("typed", ["13/2026", "2026-13", "31/02/2026", "2026-02-29", "00/2026", "0000", "4/8", "04/26",
                                   "2026/04-08", "2026-04-00", "llama 4", "april 31", "", "12345"])
def test_not_a_date(typed):
    assert read_date(typed) == ()


def test_what_is_wrong_with_a_date_shaped_text():
    assert unreadable("31/02/2026") == "“31/02/2026” is not a real date: write a year (2026), a month (2026-04, " \
                                       "04/2026) or a day (2026-04-08)."
    assert "has no year" in unreadable("4/8")
    assert unreadable("llama 4") is None and unreadable("04/2026") is None


@given(st.text(alphabet="0123456789/-. apr", max_size=14))
def test_any_reading_is_a_real_date_of_its_precision(typed):
    for when in read_date(typed):
        dt.date(when.year or 2024, when.month or 1, when.day or 1)
        assert when.day is None or when.month is not None


@pytest.mark.parametrize("typed", ["04/2026", "4/2026", "2026/04", "2026-04", "04.2026"])
def test_timeline_takes_a_month_in_numbers(ask, typed):
    answer = ask(f"/timeline {typed}")
    assert answer.ok and answer.title == "Timeline: Apr 2026 (3 events)"
    assert [row[0] for row in answer.table.rows] == APRIL_2026


def test_timeline_as_discord_sends_it(core):
    answer = core.handle(Request("timeline", options={"filter": "04/2026"}))
    assert [row[0] for row in answer.table.rows] == APRIL_2026


def test_an_ambiguous_day_shows_both_readings_and_says_so(ask):
    answer = ask("/timeline 08/04/2026")
    assert answer.ok and answer.title == "Timeline: Apr 8, 2026 or Aug 4, 2026"
    assert [row[0] for row in answer.table.rows] == ["Apr 8, 2026"]
    assert answer.lines == ("“08/04/2026” can be Apr 8, 2026 (day first) or Aug 4, 2026 (month first): both are "
                            "searched. For one of them, write 2026-04-08 or 2026-08-04.",)
    assert answer.suggestions == ("/timeline 2026-04-08", "/timeline 2026-08-04")
    both = ask("/timeline 7/8/2026")  # neither day has events: still both named, and how to pick one
    assert both.status is Status.NOT_FOUND and both.title == "No events match Aug 7, 2026 or Jul 8, 2026"


@pytest.mark.parametrize("typed", ["13/04/2026", "04/13/2026", "2026-04-13"])
def test_an_unambiguous_day_in_any_order(ask, typed):
    assert ask(f"/timeline {typed}").title == "No events match Apr 13, 2026"


def test_a_date_that_does_not_exist_says_so(ask):
    answer = ask("/timeline 31/02/2026")
    assert answer.status is Status.NOT_FOUND and "is not a real date" in answer.lines[0]


@pytest.mark.parametrize(
    ("words", "expected", "rest"),
    [
        ("what happened on the 8th of april", [When(None, 4, 8)], "what happened on"),
        ("what happened april 8th", [When(None, 4, 8)], "what happened"),
        ("anything in 02/2026", [When(2026, 2)], "anything in"),
        ("what happened in apr 26", [When(2026, 4)], "what happened in"),  # 'in apr 26': a month of 2026
        ("what happened apr 26", [When(None, 4, 26)], "what happened"),  # 'apr 26' alone: a day
        ("what happened in apirl 2026", [When(2026, 4)], "what happened in"),  # a month's typo next to a number
        ("what happened in janaury 2026", [When(2026, 1)], "what happened in"),
        ("may muse spark be used in may 2026", [When(2026, 5)], "may muse spark be used in"),
        ("did meta lay off 20,000 people", [], "did meta lay off 20,000 people"),  # a number alone is no date
        ("question 1234", [], "question 1234"),  # nor a number that cannot be a year
        ("jane said so", [], "jane said so"),  # 'jane' is no June: typos count only next to a number
    ],
)
def test_scan_finds_a_date_inside_a_sentence(words, expected, rest):
    readings, left = scan(words.split())
    assert list(readings) == expected and " ".join(left) == rest


@pytest.mark.parametrize(("typed", "expected"), [("the 8th of april", [When(None, 4, 8)]),
                                                 ("apirl 2026", [When(2026, 4)]), ("8 agust 2026", [When(2026, 8, 8)])])
def test_read_takes_everyday_forms_too(typed, expected):
    assert list(read_date(typed)) == expected


@given(st.lists(st.text(max_size=12), max_size=8))
def test_scan_never_raises(words):
    readings, rest = scan(words)
    assert len(rest) <= len(words)


MONDAY = dt.date(2026, 4, 13)


@pytest.mark.parametrize(
    ("typed", "today", "start", "end", "phrase"),
    [
        ("today", MONDAY, MONDAY, dt.date(2026, 4, 14), "today (Apr 13, 2026)"),
        ("Yesterday", MONDAY, dt.date(2026, 4, 12), MONDAY, "yesterday (Apr 12, 2026)"),
        ("this week", dt.date(2026, 4, 16), MONDAY, dt.date(2026, 4, 17), "this week (Apr 13 – Apr 16, 2026)"),
        ("last week", MONDAY, dt.date(2026, 4, 6), MONDAY, "last week (Apr 6 – Apr 12, 2026)"),
        ("last week", dt.date(2026, 1, 7), dt.date(2025, 12, 29), dt.date(2026, 1, 5),
         "last week (Dec 29, 2025 – Jan 4, 2026)"),
        ("this month", MONDAY, dt.date(2026, 4, 1), dt.date(2026, 4, 14), "this month (April 2026)"),
        ("last month", dt.date(2026, 1, 31), dt.date(2025, 12, 1), dt.date(2026, 1, 1), "last month (December 2025)"),
        ("this year", MONDAY, dt.date(2026, 1, 1), dt.date(2026, 4, 14), "this year (2026)"),
        ("last year", MONDAY, dt.date(2025, 1, 1), dt.date(2026, 1, 1), "last year (2025)"),
        ("last 7 days", MONDAY, dt.date(2026, 4, 7), dt.date(2026, 4, 14), "in the last 7 days (Apr 7 – Apr 13, 2026)"),
        ("past  3 days", MONDAY, dt.date(2026, 4, 11), dt.date(2026, 4, 14),
         "in the past 3 days (Apr 11 – Apr 13, 2026)"),
        ("past 1 day", MONDAY, MONDAY, dt.date(2026, 4, 14), "in the past 1 day (Apr 13, 2026)"),
        ("last 2 weeks", MONDAY, dt.date(2026, 3, 31), dt.date(2026, 4, 14),
         "in the last 2 weeks (Mar 31 – Apr 13, 2026)"),
    ],
)
def test_relative_words_are_whole_days_up_to_today(typed, today, start, end, phrase):
    assert relative(typed, today) == Span(start, end, phrase)


@pytest.mark.parametrize("typed", ["last 0 days", "next week", "last weekend", "tomorrow", "april", "last weeks"])
def test_other_words_are_not_relative_dates(typed):
    assert relative(typed, MONDAY) is None
    assert relative("last 9999 weeks", dt.date(100, 1, 1)) is None  # before the first day there is


def test_scan_relative_finds_the_period_inside_words():
    span, rest = scan_relative("muse spark over the last 7 days".split(), MONDAY)
    assert span is not None and span.start == dt.date(2026, 4, 7) and rest == ["muse", "spark", "over", "the"]
    assert scan_relative(["muse", "spark"], MONDAY) == (None, ["muse", "spark"])


@pytest.mark.parametrize(
    ("when", "today", "latest"),
    [
        (When(None, 4), MONDAY, When(2026, 4)),  # this month has begun: it counts
        (When(None, 5), MONDAY, When(2025, 5)),  # never a month in the future
        (When(None, 4, 14), MONDAY, When(2025, 4, 14)),
        (When(None, 2, 29), MONDAY, When(2024, 2, 29)),
        (When(2027, 4), MONDAY, When(2027, 4)),  # a year typed stays
    ],
)
def test_a_month_or_day_of_any_year_is_the_latest_one_begun(when, today, latest):
    assert when.latest(today) == latest


def test_a_when_spans_its_whole_days_at_its_precision():
    assert When(2026, 4).span() == Span(dt.date(2026, 4, 1), dt.date(2026, 5, 1), "in April 2026")
    assert When(2026, 12).span() == Span(dt.date(2026, 12, 1), dt.date(2027, 1, 1), "in December 2026")
    assert When(2026, 4, 8).span() == Span(dt.date(2026, 4, 8), dt.date(2026, 4, 9), "on Apr 8, 2026")
    assert When(2026).span() == Span(dt.date(2026, 1, 1), dt.date(2027, 1, 1), "in 2026")


@pytest.mark.parametrize(
    ("words", "why"),
    [
        ("2026-02-30", "“2026-02-30” is not a real date"),
        ("news apirl 45", "“apirl 45” is not a real date"),
        ("the 31st of june", "“31st of june” is not a real date"),
        ("april 45, 2026", "“april 45, 2026” is not a real date"),
        ("4/8", "“4/8” has no year"),
        ("april 8, 2026", None),
        ("the 8th of april", None),
        ("claude opus 4.6", None),  # a version
        ("llama 4", None),
        ("2026-04-08", None),
    ],
)
def test_mistyped_says_why_a_date_shaped_part_is_no_date(words, why):
    found = mistyped(words.split())
    assert (found or "").startswith(why or "") and (found is None) == (why is None)
