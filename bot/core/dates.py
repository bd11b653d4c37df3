"""Reading the dates people type, in one place for every command that takes one (/timeline, /news, /ask's
questions): a year, a month of a year, a day, or a month or day of any year.

Numbers: 2026, 2026-04 (also 2026/04, 2026.04), 04/2026 (also 4/2026, 04-2026, 04.2026), 2026-04-08
(also 2026/4/8), and day and month in either order before the year: 13/04/2026 and 04/13/2026 are both
April 13. When both orders make a date (08/04/2026: 8 April or August 4) both readings come back, so an
answer can show both and say so instead of guessing. Dots are day first (08.04.2026 is 8 April), as
wherever dates are written with dots. A numeric date needs its four-digit year: 4/8 or 04/26 could be
too many things. Words: april, apr 2026, april 8, april 8th, april 8, 2026, 8 april 2026, (the) 8th of april,
and month names with a typo next to a number ('apirl 2026'). `scan` finds a date inside a sentence
('what happened on the 8th of april'), for /ask: 'in apr 26' is April 2026, 'apr 26' alone April 26.
A date gives a Span of whole days, the form a filter on timestamps needs (/news); periods.py reads relative
words ('today', 'last week', 'past 3 days') into Spans too.

Weighed: dateutil's parser and dateparser read more forms but give one guess for 08/04/2026 (by a
day-first switch) and fill what was not typed from a default, so April and April 1 read the same;
the precision typed is what the filter needs.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass
from functools import lru_cache
from itertools import takewhile

from rapidfuzz.distance import OSA

from bot.core.text import MONTHS, date, quote

MONTH_NUMBERS = {
    spelling: number
    for number, name in enumerate(MONTHS, start=1)
    for spelling in (name.lower(), name[:3].lower(), name[:4].lower())  # 'sept' too
}
"""Month names and their usual short forms ('apr', 'sept'), lower case, to their numbers."""
_SEP = r"([-/.])"
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})$")
_MONTH_YEAR = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{4}})$")
_YEAR_MONTH_DAY = re.compile(rf"^(\d{{4}}){_SEP}(\d{{1,2}})\2(\d{{1,2}})$")
_DAY_MONTH_YEAR = re.compile(rf"^(\d{{1,2}}){_SEP}(\d{{1,2}})\2(\d{{4}})$")  # or month/day/year
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_NAME = r"([a-z]+)\.?"
_NAME_YEAR = re.compile(rf"^{_NAME},?\s+(\d{{4}})$")  # april 2026
_NAME_DAY = re.compile(rf"^{_NAME}\s+{_DAY}(?:,?\s+(\d{{4}}))?$")  # april 8, 2026 / april 8
_DAY_NAME = re.compile(rf"^{_DAY}\s+(?:of\s+)?{_NAME},?(?:\s+(\d{{4}}))?$")  # 8 april 2026 / 8th of april


@dataclass(frozen=True)
class When:
    """A date as precisely as it was typed: `year` None means any year; `month` or `day` None, not given."""

    year: int | None
    month: int | None = None
    day: int | None = None

    @property
    def prefix(self) -> str | None:
        """The prefix of the stored dates ('2026', '2026-04', '2026-04-08') it takes in; None without a year."""
        if self.year is None:
            return None
        parts = [f"{self.year:04d}", *(f"{part:02d}" for part in (self.month, self.day) if part is not None)]
        return "-".join(parts)

    def holds(self, stored: str) -> bool:
        """Whether a stored date ('2026', '2026-04', '2026-04-08') falls in it; one less precise than asked
        does not ('2026' is not in April 2026)."""
        if self.prefix is not None:
            return stored.startswith(self.prefix)
        return stored[4:].startswith(f"-{self.month:02d}" + (f"-{self.day:02d}" if self.day else ""))

    def latest(self, today: dt.date) -> When:
        """As is with a year; without one, the most recent such month or day that has begun by `today`
        (a feed's news runs up to now: 'april' in May 2026 is April 2026, in March 2026 April 2025)."""
        if self.year is not None or self.month is None:
            return self
        for year in range(today.year, today.year - 8, -1):  # Feb 29 recurs within 8 years
            if _real(year, self.month, self.day) and dt.date(year, self.month, self.day or 1) <= today:
                return When(year, self.month, self.day)
        return self

    def span(self) -> Span:
        """The whole days it takes in (it needs a year), said at its precision ('in April 2026', 'on Apr 8, 2026')."""
        assert self.year is not None, "a date of any year is no span"
        start = dt.date(self.year, self.month or 1, self.day or 1)
        if self.day is not None:
            return Span(start, plus_days(start, 1), f"on {self}")
        if self.month is not None:
            end = plus_days(start.replace(day=28), 4).replace(day=1)
            return Span(start, end, f"in {MONTHS[self.month - 1]} {self.year}")
        return Span(start, plus_days(start.replace(month=12, day=31), 1), f"in {self.year}")

    def __str__(self) -> str:
        """'2026', 'Apr 2026', 'Apr 8, 2026'; without a year 'April, every year', 'April 8, every year'."""
        if self.prefix is not None:
            return date(self.prefix)
        return MONTHS[(self.month or 1) - 1] + (f" {self.day}" if self.day else "") + ", every year"


@dataclass(frozen=True)
class Span:
    """The whole days from `start` up to, not including, `end`, and how an answer says them ('in April 2026',
    'last week (Apr 6 – Apr 12, 2026)')."""

    start: dt.date
    end: dt.date
    phrase: str


def plus_days(day: dt.date, days: int) -> dt.date:
    """`day` and `days` more, or the last day there is."""
    return day + dt.timedelta(days=days) if day < dt.date.max - dt.timedelta(days=days) else dt.date.max


def both_readings(typed: str, readings: tuple[When, ...]) -> str:
    """What to tell the asker when a numeric day reads both ways (08/04/2026), and how to pick one."""
    return (f"{quote(typed, 20)} can be {readings[0]} (day first) or {readings[1]} (month first): both are "
            f"searched. For one of them, write {readings[0].prefix} or {readings[1].prefix}.")


def read_date(text: str) -> tuple[When, ...]:
    """The dates `text` can mean: none when it is not a date (or not a real one), two when day and month
    can be read either way (08/04/2026), else one."""
    text = text.strip().casefold().removeprefix("the ")
    if (fixed := _typo_fixed(text)) != text:
        return read_date(fixed)
    if match := _YEAR.match(text):
        return _real(int(match.group(1)), None, None)
    if (match := _YEAR_MONTH.match(text)) or (match := _MONTH_YEAR.match(text)):
        first, _, second = match.groups()
        year, month = (first, second) if len(first) == 4 else (second, first)
        return _real(int(year), int(month), None)
    if match := _YEAR_MONTH_DAY.match(text):
        year, _, month, day = match.groups()
        return _real(int(year), int(month), int(day))
    if match := _DAY_MONTH_YEAR.match(text):
        first, separator, second, year = match.groups()
        day_first = _real(int(year), int(second), int(first))
        if separator == "." or first == second:
            return day_first
        return day_first + _real(int(year), int(first), int(second))
    return _in_words(text)


def _typo_fixed(text: str) -> str:
    """`text` with a month name's typo mended where a number stands next to it ('apirl 2026')."""
    words = text.split()
    if len(words) < 2 or not any(_NUMBER.match(w) for w in words):
        return text
    return " ".join(w if w.rstrip(".,") in MONTH_NUMBERS else (_month_typo(w.rstrip(",")) or w) for w in words)


_NUMERIC = re.compile(r"^\d+(?:[-/.]\d+){1,2}$")
_NO_YEAR = re.compile(r"^\d{1,2}[-/.]\d{1,2}$")


def unreadable(text: str) -> str | None:
    """Why `text`, written like a numeric date, is not one ('13/2026', '31/02/2026', '4/8'); None for
    a date, or for text that does not look like one."""
    text = text.strip()
    if not _NUMERIC.match(text) or read_date(text):
        return None
    if _NO_YEAR.match(text):
        return f"“{text}” has no year: write it with the year in full (2026-04-08, 08/04/2026), or in words (april 8)."
    return f"“{text}” is not a real date: write a year (2026), a month (2026-04, 04/2026) or a day (2026-04-08)."


def _in_words(text: str) -> tuple[When, ...]:
    if (month := MONTH_NUMBERS.get(text.rstrip("."))) is not None:
        return (When(None, month),)
    if (match := _NAME_YEAR.match(text)) and match.group(1) in MONTH_NUMBERS:
        return _real(int(match.group(2)), MONTH_NUMBERS[match.group(1)], None)
    if (match := _NAME_DAY.match(text) or _DAY_NAME.match(text)) is not None:
        first, second, year = match.groups()
        name, day = (first, second) if match.re is _NAME_DAY else (second, first)
        if name in MONTH_NUMBERS:
            return _real(int(year) if year else None, MONTH_NUMBERS[name], int(day))
    return ()


def _real(year: int | None, month: int | None, day: int | None) -> tuple[When, ...]:
    """(When,) if such a date exists (without a year, in a leap year: 'feb 29' alone exists), else ()."""
    try:
        dt.date(2024 if year is None else year, 1 if month is None else month, 1 if day is None else day)
    except ValueError:
        return ()
    return (When(year, month, day),) if year is None or 1 <= year else ()


_FULL_NAMES = tuple(name.lower() for name in MONTHS)
_JOINERS = frozenset({"of", "the"})
_LIKELY_YEAR = re.compile(r"^(?:19|20)\d\d$")
_NUMERIC_DATE = re.compile(r"^\d{1,4}[-/.]\d{1,4}(?:[-/.]\d{1,4})?$")
_NUMBER = re.compile(r"^\d{1,4}(?:st|nd|rd|th)?,?$")


@lru_cache(maxsize=4096)
def _month_typo(word: str) -> str | None:
    """The month `word` is a typo of ('apirl' -> 'april'), if it is close to one and starts like it."""
    if len(word) < 4 or not word.isalpha():
        return None
    close = [(OSA.normalized_similarity(word, name), name) for name in _FULL_NAMES if name[0] == word[0]]
    best = max(close, default=(0.0, ""))
    return best[1] if best[0] >= 0.75 else None


def scan(words: list[str]) -> tuple[tuple[When, ...], list[str]]:
    """The first date in `words` (lower-case words of a sentence) and the words left around it: a numeric
    date, a month or day in words (with a month's typo when a number stands next to it), or a year.
    'may' is a month only next to a number; a number alone is no date unless it is a year."""
    numbers = [bool(_NUMBER.match(w)) for w in words]
    months = [w.rstrip(".,") in MONTH_NUMBERS for w in words]
    numeric = [bool(_NUMERIC_DATE.match(w)) for w in words]
    for start, word in enumerate(words):
        near = slice(start, start + 5)
        if not (any(numbers[near]) or any(months[near]) or numeric[start]):
            continue  # neither a number nor a month: no date starts here
        for end in range(min(len(words), start + 5), start, -1):
            window = words[start:end]
            if window[-1] in _JOINERS or window[0] in _JOINERS:
                continue
            numbered = any(numbers[start:end])
            if not numbered and not any(months[start:end]) and not (end == start + 1 and numeric[start]):
                continue
            fixed = [w if months[start + i] or not numbered else (_month_typo(w) or w) for i, w in enumerate(window)]
            named = [w for w in fixed if w.rstrip(".,") in MONTH_NUMBERS]
            if not named and not (len(window) == 1 and not numbers[start] or _LIKELY_YEAR.match(word)):
                continue  # a number alone ('4', '15,000', '1234') is no date; a year alone (1900-2099) is
            if named == ["may"] and not numbered:
                continue
            text = " ".join(fixed)
            if named and start and words[start - 1] == "in" and re.fullmatch(r"[a-z]+\.? \d\d", text):
                text = f"{text[:-2]} 20{text[-2:]}"  # 'in apr 26': April 2026
            readings = read_date(text)
            if readings:
                rest = words[:start] + words[end:]
                if rest[start - 1 : start] == ["the"] and start:
                    rest = rest[: start - 1] + rest[start:]
                return readings, rest
    return (), list(words)


_YEARED = re.compile(r"\d{4}[-/.]\d{1,2}(?:[-/.]\d{1,2})?|\d{1,2}[-/.](?:\d{1,2}[-/.])?\d{4}|\d{1,2}/\d{1,2}")


def mistyped(words: list[str]) -> str | None:
    """Why a date-shaped part of `words` (lower-case words of a sentence) is no date: '2026-02-30', '4/8',
    or a month and the numbers next to it ('apirl 45', '31st of june'); None when all read, or nothing
    looks like a date (a version such as '4.6' or a bare number such as 'llama 4' does not)."""
    for at, word in enumerate(words):
        if _YEARED.fullmatch(word) and (why := unreadable(word)):
            return why
        if not (word.rstrip(".,") in MONTH_NUMBERS or _month_typo(word.rstrip(","))):
            continue
        before = words[max(0, at - 2) : at] if words[at - 1 : at] == ["of"] else words[max(0, at - 1) : at]
        near = [*(before if before and _NUMBER.match(before[0]) else []), word,
                *takewhile(_NUMBER.match, words[at + 1 : at + 3])]
        if len(near) > 1 and not read_date(" ".join(near)):
            return (f"{quote(' '.join(near), 30)} is not a real date: write a month (april 2026) or a day "
                    "(april 8, 2026).")
    return None
