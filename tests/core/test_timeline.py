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
    ],
)
def test_filters(ask, line, expected):
    answer = ask(line)
    assert [row[0] for row in answer.table.rows] == expected


def test_no_match_is_a_clear_message(ask):
    answer = ask("/timeline 1999")
    assert answer.status is Status.NOT_FOUND and answer.ephemeral
    answer = ask("/timeline 2026-13")
    assert answer.status is Status.NOT_FOUND


def test_pages(large_core):
    from bot.core import Request

    first = large_core.handle(Request("timeline", "2024"))
    assert first.pages > 1 and first.page == 1 and len(first.table.rows) == 10
    second = large_core.handle(Request("timeline", "2024 page 2"))
    assert second.page == 2 and second.table.rows != first.table.rows
    last = large_core.handle(Request("timeline", "2024", page=10**6))
    assert last.page == last.pages
