"""News from feeds, as the core sees it: items and feed states in a snapshot the runtime hands over
(NewsDesk), and the rule that tags an item with the models and organizations it mentions."""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Protocol

from bot.content.catalog import Catalog

SNAPSHOT_ITEMS = 20_000
"""The newest items the runtime keeps in memory for /news and digests; older ones stay in the database
until FEED_RETENTION_DAYS."""


@dataclass(frozen=True)
class NewsItem:
    """One feed item, plain text. published: the feed's date, else when newsbot first saw it (UTC).
    tags: ids of the models and organizations it is about. arrived: when newsbot stored it (UTC); None
    for the items a new feed's first poll seeded, which digests never announce."""

    feed: str
    title: str
    link: str
    published: dt.datetime
    tags: tuple[str, ...] = ()
    summary: str = ""
    arrived: dt.datetime | None = None


@dataclass(frozen=True)
class FeedState:
    """How a followed feed is doing. state: 'new' (not polled yet), 'ok', 'failing' or 'disabled'."""

    id: str
    name: str
    state: str = "new"
    last_poll: dt.datetime | None = None
    last_new: dt.datetime | None = None
    items: int = 0
    reason: str = ""


@dataclass(frozen=True)
class NewsSnapshot:
    """The newest items (newest first, at most SNAPSHOT_ITEMS) and every followed feed's state."""

    items: tuple[NewsItem, ...] = ()
    feeds: tuple[FeedState, ...] = ()
    taken: dt.datetime | None = None
    by_tag: dict[str, tuple[int, ...]] = field(default_factory=dict, repr=False)
    """Positions in `items` of the items tagged with each id (built by `snapshot`)."""


def snapshot(items: Iterable[NewsItem], feeds: Iterable[FeedState], taken: dt.datetime) -> NewsSnapshot:
    """A NewsSnapshot of `items` (sorted newest first here) with its tag index."""
    ordered = tuple(sorted(items, key=lambda item: item.published, reverse=True)[:SNAPSHOT_ITEMS])
    by_tag: dict[str, list[int]] = {}
    for index, item in enumerate(ordered):
        for tag in item.tags:
            by_tag.setdefault(tag, []).append(index)
    return NewsSnapshot(ordered, tuple(feeds), taken, {tag: tuple(found) for tag, found in by_tag.items()})


class NewsDesk(Protocol):
    """What /news and digests read (the runtime implements it over the database and the poller)."""

    def latest(self) -> NewsSnapshot:
        """The current snapshot (cheap: no database access)."""
        ...


class Tagger:
    """Finds the models and organizations a text mentions, by their names and aliases as whole words.

    The rule: a name matches only between non-word characters (a hyphen counts as part of a word), so
    'Llama 4' never matches 'llamas' and 'Meta' never matches 'meta-analysis'. Longer names and names with
    digits ('muse spark', 'gpt-5.4') match in any case. A name of one word without digits is often an
    ordinary word too ('meta', 'spark', 'scale'): it counts only when the content writes it with a
    capital ('Meta', 'Claude', 'OpenAI'), and then only in that case; a lower-case one-word alias
    ('spark' for Muse Spark) is for typing lookups, never a tag. Ids are not names."""

    def __init__(self, catalog: Catalog) -> None:
        owners: dict[str, str] = {}
        exact: dict[str, str] = {}
        for record in [*catalog.models.values(), *catalog.organizations.values()]:
            for name in (record.name, *record.aliases):
                name = " ".join(name.split())
                if " " in name or any(ch.isdigit() for ch in name):
                    owners.setdefault(name.casefold(), record.id)
                elif name != name.lower():
                    exact.setdefault(name, record.id)
        self._owners, self._exact = owners, exact
        self._loose = _pattern(owners, re.IGNORECASE)
        self._strict = _pattern(exact, 0)

    def tags(self, *texts: str, extra: Iterable[str] = ()) -> tuple[str, ...]:
        """Ids mentioned in `texts`, plus `extra` (a feed's own tags), each once, in a stable order."""
        found = dict.fromkeys(extra)
        for text in texts:
            flat = " ".join(text.split())
            if self._loose is not None:
                found.update(dict.fromkeys(self._owners[m.group(1).casefold()] for m in self._loose.finditer(flat)))
            if self._strict is not None:
                found.update(dict.fromkeys(self._exact[m.group(1)] for m in self._strict.finditer(flat)))
        return tuple(found)


def _pattern(names: dict[str, str], flags: int) -> re.Pattern[str] | None:
    """One alternation of `names`, longest first, between word boundaries (hyphens count as word)."""
    if not names:
        return None
    alternatives = "|".join(re.escape(name).replace(r"\ ", r"\s+") for name in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<![\w-])({alternatives})(?![\w-])", flags)
