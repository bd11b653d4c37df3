"""Cleaning what users type, and showing content values (numbers, dates, sources) as text."""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable, Sequence

from bot.content.catalog import Catalog

MAX_ARGUMENT = 300
_SPACES = re.compile(r"\s+")
_MENTION = re.compile(r"<[@!#][^<>\s]*>|(?<![\w@])@(?:everyone|here|channel)\b", re.IGNORECASE)
MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October",
          "November", "December")
"""English month names (not the locale's: answers read the same on every host)."""


def clean(text: str) -> str:
    """Drop control and invisible format characters (bidi overrides included), fold white space."""
    if not text.isprintable():
        text = "".join(
            " " if ch in "\t\n\r" else ch
            for ch in text
            if ch in "\t\n\r" or unicodedata.category(ch) not in ("Cc", "Cf")
        )
    return _SPACES.sub(" ", text).strip()


def without_mentions(text: str) -> str:
    """`text` without chat mentions (@everyone, @here, <!channel>, <!here>, <@U123>, <#C1|x>): they name no
    record and ask nothing, so lookups and questions ignore them."""
    if "@" not in text and "<" not in text:
        return text
    return " ".join(_MENTION.sub(" ", text).split())


def shorten(text: str, limit: int) -> str:
    """`text` cut to at most `limit` characters, ending in '…' when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quote(text: str, limit: int = 60) -> str:
    """User text, shortened, for echoing back inside a reply."""
    return f"“{shorten(text, limit)}”"


def number(value: float, unit: str = "") -> str:
    """57 -> '57', 42.8 -> '42.8', 1676 -> '1,676', with the unit: '58%', '1,427 Elo'."""
    shown = f"{value:,.0f}" if float(value).is_integer() else f"{value:,.2f}".rstrip("0").rstrip(".")
    if not unit:
        return shown
    return f"{shown}{unit}" if unit == "%" else f"{shown} {unit}"


def signed(value: float, unit: str = "") -> str:
    """A difference with its sign: '+4', '-1.5 Elo'."""
    return ("+" if value > 0 else "") + number(value, unit) if value else number(0, unit)


def date(text: str) -> str:
    """A stored date at its precision: '2026' -> '2026', '2026-01' -> 'Jan 2026', '2026-04-08' -> 'Apr 8, 2026'."""
    parts = text.split("-")
    if len(parts) == 1:
        return text
    month = MONTHS[int(parts[1]) - 1][:3]
    return f"{month} {parts[0]}" if len(parts) == 2 else f"{month} {int(parts[2])}, {parts[0]}"


def sources_footer(catalog: Catalog, cited: Iterable[tuple[str, dt.date | None]]) -> tuple[str, ...]:
    """Footer lines for (source id, as-of date) pairs: each source once, with its as-of dates."""
    dates: dict[str, set[dt.date]] = {}
    for source_id, as_of in cited:
        dates.setdefault(source_id, set())
        if as_of:
            dates[source_id].add(as_of)
    lines = []
    for source_id, as_of in dates.items():
        source = catalog.sources.get(source_id)
        title = f"{source.title} (published {source.published})" if source else source_id
        when = f" · as of {', '.join(d.isoformat() for d in sorted(as_of))}" if as_of else ""
        lines.append(f"Source: {title}{when}")
    return tuple(lines)


def page_of(items: Sequence, page: int, size: int) -> tuple[Sequence, int, int]:
    """The `page`-th slice of `items` (clamped to the real range), that page, and the page count."""
    pages = max(1, -(-len(items) // size))
    page = min(max(1, page), pages)
    return items[(page - 1) * size : page * size], page, pages


_PAGE = re.compile(r"(?:^|\s)(?:page|p\.?)\s*(\d{1,6})\s*$", re.IGNORECASE)


_ODD_PAGE = re.compile(r"(?:^|\s)(?:page|p\.?)\s*(-\d+|\d{7,})\s*$", re.IGNORECASE)


def odd_page(text: str) -> tuple[str, str | None]:
    """'x page 99999999' or 'x page -1' -> ('x', '99999999'): a page no list has, as typed (split_page
    reads the ordinary ones); text without one -> (text, None)."""
    match = _ODD_PAGE.search(text)
    return (text[: match.start()].strip(), match.group(1)) if match else (text, None)


def split_page(text: str) -> tuple[str, int | None]:
    """'2026 page 2' -> ('2026', 2); text without a page -> (text, None)."""
    match = _PAGE.search(text)
    if not match:
        return text, None
    return text[: match.start()].strip(), int(match.group(1))
