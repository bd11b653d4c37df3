"""/timeline: order, date precision, filters and pages."""

import pytest

from bot.core import Status


def test_all_events_oldest_first_at_their_precision(ask):
    answer = ask("/timeline")
    dates = [row[0] for row in answer.table.rows]
    assert dates == ["Jan 2026", "Mar 2026", "Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]
    assert "15,000" in answer.table.rows[0][1]
    assert answer.footer


@pytest.mark.parametrize(
    ("line", "expected"),
    [
        ("/timeline 2026-04", ["Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]),
        ("/timeline april 2026", ["Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]),
        ("/timeline Mar 2026", ["Mar 2026"]),
        ("/timeline 2026", ["Jan 2026", "Mar 2026", "Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]),
        ("/timeline llama 4", ["Mar 2026"]),
        ("/timeline muse spark", ["Apr 8, 2026"]),
        ("/timeline scale ai", ["Apr 2026"]),
        ("/timeline claudeonomics", ["Apr 7, 2026"]),
        ("/timeline trillion tokens", ["Apr 7, 2026"]),
        ("/timeline Apr", ["Apr 2026", "Apr 7, 2026", "Apr 8, 2026"]),
        ("/timeline january", ["Jan 2026"]),
        ("/timeline 2026-4-7", ["Apr 7, 2026"]),
        ("/timeline April 7th, 2026", ["Apr 7, 2026"]),
        ("/timeline apr. 8 2026", ["Apr 8, 2026"]),
        ("/timeline 8th of April, 2026", ["Apr 8, 2026"]),
        ("/timeline april 8", ["Apr 8, 2026"]),
        ("/timeline 7 apr", ["Apr 7, 2026"]),
        ("/timeline muse sprak", ["Apr 8, 2026"]),
        ("/timeline claudeonomcs", ["Apr 7, 2026"]),
        ("/timeline fired staff", ["Jan 2026"]),
        ("/timeline chatgpt", None),
    ],
)
def test_filters(ask, line, expected):
    answer = ask(line)
    assert answer.ok, line
    assert (answer.table and [row[0] for row in answer.table.rows]) == expected


def test_no_match_is_a_clear_message(ask):
    answer = ask("/timeline 1999")
    assert answer.status is Status.NOT_FOUND and answer.ephemeral
    answer = ask("/timeline 2026-13")
    assert answer.status is Status.NOT_FOUND
    for line in ("/timeline 2026-02-30", "/timeline april 31", "/timeline 1999-04-08", "/timeline zzzz qqqq"):
        assert ask(line).status is Status.NOT_FOUND, line


def test_describes_a_month_of_every_year_and_a_day(ask):
    assert ask("/timeline april").title == "Timeline: April, every year (3 events)"
    assert ask("/timeline april 8 2026").title == "Timeline: Apr 8, 2026"


def test_a_close_spelling_of_a_name_is_that_name(ask):
    answer = ask("/timeline antropic")
    assert answer.ok and answer.title == "Timeline: Anthropic"
    assert "enterprise market" in answer.fields[0].value


def test_a_model_with_neither_events_nor_facts_points_to_its_standing(ask):
    answer = ask("/timeline gemni")
    assert answer.status is Status.NOT_FOUND and answer.title == "No events name Gemini 3.1 Pro"
    assert answer.suggestions == ("/rank Gemini 3.1 Pro",)


def test_a_product_leads_to_its_maker(ask):
    answer = ask("/timeline chatgpt")
    assert answer.title == "Timeline: OpenAI" and "enterprise market" in answer.fields[0].value


def test_months_of_every_year_on_the_large_catalog(large_core):
    from bot.core import Request

    answer = large_core.handle(Request("timeline", "may"))
    assert answer.pages > 1 and all(row[0].startswith("May") for row in answer.table.rows)


def test_pages(large_core):
    from bot.core import Request

    first = large_core.handle(Request("timeline", "2024"))
    assert first.pages > 1 and first.page == 1 and len(first.table.rows) == 10
    second = large_core.handle(Request("timeline", "2024 page 2"))
    assert second.page == 2 and second.table.rows != first.table.rows
    last = large_core.handle(Request("timeline", "2024", page=10**6))
    assert last.page == last.pages
