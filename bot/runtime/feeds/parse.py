"""Parsing a feed's bytes with feedparser (RSS 0.9x, 1.0, 2.0 and Atom, in any declared encoding) into
plain-text items: no markup, no control characters, capped lengths, http(s) links only, UTC dates."""

from __future__ import annotations

import datetime as dt
import io
import re
import time
from html.parser import HTMLParser
from typing import Any

import feedparser

from bot.core.text import clean, shorten
from bot.errors import FeedError
from bot.store.feeds import ItemRow
from bot.store.identity import dedupe_key, with_identity_keys

TITLE_MAX = 300
SUMMARY_MAX = 1000
LINK_MAX = 2000
MAX_ENTRIES = 1000
"""Entries taken from one answer at most (feeds list their newest first)."""
RAW_FACTOR = 20
"""Markup read per character kept: a 100 KB title is cut before it is parsed."""

_BLOCKS = frozenset({"p", "br", "div", "li", "ul", "ol", "tr", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6",
                     "blockquote", "hr", "pre", "table", "section", "article", "figure", "figcaption"})
_HIDDEN = frozenset({"script", "style", "template", "noscript"})
_LINK = re.compile(r"^https?://[^\s]+$", re.IGNORECASE)


class _TextOnly(HTMLParser):
    """The text of an HTML fragment: entities decoded, scripts and styles left out, blocks spaced."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self._hidden = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _HIDDEN:
            self._hidden += 1
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self._hidden = max(0, self._hidden - 1)
        elif tag in _BLOCKS:
            self.parts.append(" ")

    def handle_data(self, data: str) -> None:
        if not self._hidden:
            self.parts.append(data)


def plain(text: str | None, limit: int) -> str:
    """`text` (HTML or not) as one line of plain text of at most `limit` characters."""
    if not text:
        return ""
    parser = _TextOnly()
    parser.feed(text[: limit * RAW_FACTOR])
    parser.close()
    return shorten(clean("".join(parser.parts)), limit)  # no control characters or bidi overrides


def link(url: str | None) -> str:
    """`url` if it is an http(s) address of at most LINK_MAX characters, else ''."""
    url = (url or "").strip()
    return url if len(url) <= LINK_MAX and _LINK.match(url) else ""


def _date(entry: Any) -> dt.datetime | None:
    """The entry's published (else updated) date in UTC; None if it has none that can be read."""
    parsed: time.struct_time | None = entry.get("published_parsed") or entry.get("updated_parsed")
    if parsed is None:
        return None
    try:
        return dt.datetime(*parsed[:6], tzinfo=dt.UTC)
    except (TypeError, ValueError):
        return None


def parse(feed: str, body: bytes, content_type: str, url: str, seen: dt.datetime) -> list[ItemRow]:
    """The items of one feed answer (untagged, arrived None), in the feed's order, each key once, with
    the link_key and title_key that identify them whatever their guid (bot.store.identity). `content_type`
    is the response's header (its charset counts); `url` resolves relative links; `seen` is now: it
    dates items that carry no date (and marks them listed), and caps dates in the future. Raises
    FeedError('not a feed') if feedparser finds neither entries nor a feed format in it (broken XML it
    can still read is accepted)."""
    # a stream, never bytes: feedparser would open bytes naming a local file (a body of b"/etc/passwd") as one
    headers = {"content-type": content_type, "content-location": url}
    parsed = feedparser.parse(io.BytesIO(body), response_headers=headers)
    if not parsed.entries and not parsed.get("version"):
        raise FeedError("not a feed")
    items: dict[str, ItemRow] = {}
    for entry in parsed.entries[:MAX_ENTRIES]:
        title = plain(entry.get("title"), TITLE_MAX) or plain(entry.get("summary"), TITLE_MAX)
        if not title:
            continue
        key = dedupe_key(entry.get("id"), entry.get("link"), title, entry.get("published") or entry.get("updated"))
        address, date = link(entry.get("link")), _date(entry)
        items.setdefault(key, ItemRow(
            feed=feed, key=key, title=title, link=address, summary=plain(entry.get("summary"), SUMMARY_MAX),
            published=seen if date is None else min(date, seen), seen=seen if date is None else None,
        ))
    return with_identity_keys(list(items.values()))
