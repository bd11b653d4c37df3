"""Periods named relative to a day ('today', 'last week', 'this month', 'past 3 days'), read against the
request's own day in UTC, for the commands that take dates (/news now; /timeline and /ask can share it).
A period is a dates.Span: whole days, and how an answer says them."""

from __future__ import annotations

import datetime as dt
import re

from bot.core.dates import Span, When, plus_days

_RELATIVE = re.compile(r"(today)|(yesterday)|(this|last) (week|month|year)|(?:last|past) (\d{1,4}) (days?|weeks?)")


def relative(text: str, today: dt.date) -> Span | None:
    """The days `text` names relative to `today` (UTC): 'today', 'yesterday', 'this week' (from Monday) or
    'last week' (Monday to Sunday), 'this' or 'last' 'month' or 'year', 'last 7 days' or 'past 2 weeks'
    (today and the days before it); None for anything else, and for 'last 0 days'."""
    match = _RELATIVE.fullmatch(" ".join(text.casefold().split()))
    if match is None:
        return None
    now, unit, count = match.group(3), match.group(4), match.group(5)
    if match.group(1) or match.group(2):
        day = today - dt.timedelta(days=0 if match.group(1) else 1)
        return Span(day, plus_days(day, 1), f"{match.group(0)} ({When(day.year, day.month, day.day)})")
    if unit == "week":
        monday = today - dt.timedelta(days=today.weekday() + (7 if now == "last" else 0))
        last = today if now == "this" else monday + dt.timedelta(days=6)
        return Span(monday, plus_days(last, 1), f"{now} week ({_days(monday, last)})")
    if unit is not None:
        month = (today.month - 2) % 12 + 1 if unit == "month" and now == "last" else today.month
        year = today.year - (now == "last" and (unit == "year" or today.month == 1))
        span = When(year, month if unit == "month" else None).span()
        return Span(span.start, min(span.end, plus_days(today, 1)), f"{now} {unit} ({span.phrase[3:]})")
    days = int(count) * (7 if match.group(6).startswith("week") else 1)
    if not days or days > (today - dt.date.min).days:
        return None
    first = today - dt.timedelta(days=days - 1)
    return Span(first, plus_days(today, 1), f"in the {match.group(0)} ({_days(first, today)})")


def _days(first: dt.date, last: dt.date) -> str:
    """'Apr 13, 2026', 'Apr 6 – Apr 12, 2026' or 'Dec 29, 2025 – Jan 4, 2026'."""
    shown = [str(When(day.year, day.month, day.day)) for day in (first, last)]
    if first == last:
        return shown[0]
    return f"{shown[0].rsplit(',', 1)[0] if first.year == last.year else shown[0]} – {shown[1]}"


def scan_relative(words: list[str], today: dt.date) -> tuple[Span | None, list[str]]:
    """The first relative period in `words` (lower-case words of a sentence) and the words left around it."""
    for start in range(len(words)):
        for end in range(min(len(words), start + 3), start, -1):
            if (span := relative(" ".join(words[start:end]), today)) is not None:
                return span, words[:start] + words[end:]
    return None, list(words)
