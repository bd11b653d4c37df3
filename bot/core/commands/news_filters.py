"""What /news keeps of a snapshot: the days a date in the text asks for, a model's or organization's items,
items holding words, or all of them; each as positions in the snapshot's items, newest first.

Fast on a large snapshot: items are sorted newest first, so a date's days are one range of positions,
found by bisecting on the published times; a model or organization reads the snapshot's tag index, cut
to that range by bisection too; words read a word index built once per snapshot, from the range's block.
"""

from __future__ import annotations

import datetime as dt
import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from itertools import accumulate, chain, groupby, islice

from bot.content.catalog import Catalog
from bot.core.commands.common import organization_models
from bot.core.dates import Span, When, both_readings, mistyped, read_date, scan
from bot.core.news import NewsItem, NewsSnapshot
from bot.core.periods import scan_relative
from bot.core.text import quote

BEFORE = frozenset({"in", "on", "from", "during", "since", "over", "for", "of", "the", "at"})
"""Words that only lead into a date ('muse spark in april 2026'): dropped with it, they are no words to find."""


@dataclass(frozen=True)
class Period:
    """The days a /news text asks for (two spans when a numeric day reads both ways), the text around the
    date as typed, the date as typed, what to tell the asker about how it was read, and why it is no date."""

    spans: tuple[Span, ...] = ()
    rest: str = ""
    typed: str = ""
    note: str = ""
    wrong: str = ""
    readings: tuple[When, ...] = ()


def period(text: str, today: dt.date) -> Period:
    """The date anywhere in `text`, read against `today` (UTC): relative words ('last week'), a day, a
    month or a year at the precision typed; a month or day without a year is the latest one up to today."""
    typed = text.split()
    words = [word.casefold() for word in typed]
    span, rest = scan_relative(words, today)
    if span is None and (wrong := mistyped(words)):
        return Period(rest=text, wrong=wrong)
    readings: tuple[When, ...] = ()
    if span is None:
        readings, rest = (read_date(text), []) if read_date(text) else scan(words)  # 'may' alone: a month
        if not readings:
            return Period(rest=text)
    kept, date_typed = _around(typed, words, rest)
    if span is not None:
        return Period((span,), kept, date_typed)
    latest = tuple(when.latest(today) for when in readings)
    note = both_readings(date_typed, latest) if len(latest) > 1 else ""
    if readings[0].year is None:
        note = f"{quote(date_typed, 20)} has no year: read as the latest up to today, {latest[0]}."
    return Period(tuple(when.span() for when in latest), kept, date_typed, note, readings=latest)


def _around(typed: list[str], words: list[str], rest: list[str]) -> tuple[str, str]:
    """The typed words `rest` keeps (the casefolded `words` less one run), without the words that led into
    the run ('in the'); and that run as typed."""
    kept = 0
    while kept < len(rest) and rest[kept] == words[kept]:
        kept += 1
    after = len(typed) - (len(rest) - kept)
    start = kept
    while start and words[start - 1] in BEFORE:
        start -= 1
    run = typed[kept:after]
    if run[:1] and run[0].casefold() == "the":
        run = run[1:]
    return " ".join(typed[:start] + typed[after:]), " ".join(run)


@dataclass(frozen=True)
class Found:
    """Positions in the snapshot's items that a filter picks, newest first (a sequence when its length is
    the exact count, else an iterator that searches as it goes), the answer's title, the model or
    organization it is about, and the days it keeps."""

    positions: Sequence[int] | Iterator[int]
    title: str
    entity: str | None = None
    spans: tuple[Span, ...] = ()


def select(catalog: Catalog, shot: NewsSnapshot, text: str, spans: tuple[Span, ...] = ()) -> Found:
    """The items `text` picks (all, a model or organization by name or alias, or words) on `spans`' days."""
    ranges = sorted((r for r in (days(shot, span) for span in spans) if r), key=lambda r: r.start)
    if not spans:
        ranges = [range(len(shot.items))]
    when = " " + _phrases(spans) if spans else ""
    if not text:
        everything = ranges[0] if len(ranges) == 1 else tuple(chain(*ranges))
        return Found(everything, f"News{when}" if spans else "Latest news", spans=spans)
    entity = catalog.entity_names.get(text)
    if entity is not None:
        return Found(_tagged(shot, tags_of(catalog, entity), ranges), f"News about {catalog.label(entity)}{when}",
                     entity, spans)
    return Found(_holding(shot, text, ranges), f"News matching {quote(text)}{when}", spans=spans)


def _phrases(spans: tuple[Span, ...]) -> str:
    """'in April 2026'; 'on Apr 8, 2026 or Aug 4, 2026'."""
    first, *others = (span.phrase for span in spans)
    lead = first.split(" ", 1)[0] + " "
    return " or ".join([first, *(other.removeprefix(lead) for other in others)])


def _published(item: NewsItem) -> float:
    """How far back `item` was published, as a key that grows along the snapshot (a naive time is UTC)."""
    published = item.published if item.published.tzinfo else item.published.replace(tzinfo=dt.UTC)
    return -published.timestamp()


def days(shot: NewsSnapshot, span: Span) -> range:
    """Positions of the items published (UTC) on `span`'s days: one run, as items are newest first."""
    bounds = [-dt.datetime.combine(day, dt.time(), dt.UTC).timestamp() for day in (span.end, span.start)]
    return range(*(bisect_right(shot.items, bound, key=_published) for bound in bounds))


class _Part(Sequence[int]):
    """items[lo:hi] of a tag's positions without copying them."""

    def __init__(self, items: Sequence[int], lo: int, hi: int) -> None:
        self.items, self.lo, self.hi = items, lo, hi

    def __len__(self) -> int:
        return self.hi - self.lo

    def __iter__(self) -> Iterator[int]:
        return islice(self.items, self.lo, self.hi)

    def __getitem__(self, at):  # type: ignore[override]
        if isinstance(at, slice):
            start, stop, step = at.indices(len(self))
            return self.items[self.lo + start : self.lo + stop : step]
        if not -len(self) <= at < len(self):
            raise IndexError(at)
        return self.items[self.lo + at % len(self)]


def _tagged(shot: NewsSnapshot, tags: list[str], ranges: list[range]) -> Sequence[int] | Iterator[int]:
    """Positions in `ranges` of the items tagged with any of `tags`, newest first (each tag's list cut by
    bisection, merged lazily)."""
    lists = [shot.by_tag[tag] for tag in tags if tag in shot.by_tag]
    parts = [[_Part(got, bisect_left(got, r.start), bisect_left(got, r.stop)) for r in ranges] for got in lists]
    if len(parts) == 1 and len(ranges) == 1:
        return parts[0][0]
    if len(parts) == 1:
        return tuple(chain(*parts[0]))
    return (index for index, _ in groupby(heapq.merge(*(chain(*cut) for cut in parts))))


def tags_of(catalog: Catalog, entity: str) -> list[str]:
    """The tags that mean `entity`: a model's id; an organization's, its parts' and its models' ids."""
    if entity not in catalog.organizations:
        return [entity]
    parts = [org.id for org in catalog.organizations.values() if org.part_of == entity]
    return list(dict.fromkeys([entity, *parts, *organization_models(catalog, entity)]))


BLOCK = 1024
"""Items per block of the word index: a block whose words cannot match is skipped whole."""
_SPACED = bytes(b if chr(b).isalnum() or b >= 128 else 32 for b in range(256))
"""ASCII punctuation and spaces become spaces; letters, digits and UTF-8 bytes of other characters stay."""


@dataclass(frozen=True)
class _Index:
    """The words of every item's casefolded title and summary, each word after a space, in one text; where
    each item starts in it (then the end); and each BLOCK of items' distinct words, sorted."""

    text: bytes
    starts: array
    blocks: tuple[tuple[bytes, ...], ...]


_INDEXES: dict[int, tuple[tuple[NewsItem, ...], _Index]] = {}


def prepare(shot: NewsSnapshot) -> NewsSnapshot:
    """Build now the word index the first word search would build (the runtime calls this off the event
    loop for each new snapshot). Returns `shot`."""
    _index(shot)
    return shot


def _index(shot: NewsSnapshot) -> _Index:
    """The word index of `shot`'s items, built once per items tuple (a snapshot with new feed states
    but the same items shares it; the last two are kept)."""
    cached = _INDEXES.get(id(shot.items))
    if cached is None or cached[0] is not shot.items:
        texts = [f" {item.title} {item.summary}".casefold().encode() for item in shot.items]
        starts = array("q", accumulate(map(len, texts), initial=0))
        text = b"".join(texts).translate(_SPACED)
        blocks = tuple(tuple(sorted(set(text[starts[lo] : starts[min(lo + BLOCK, len(texts))]].split())))
                       for lo in range(0, len(texts), BLOCK))
        if len(_INDEXES) >= 2:
            _INDEXES.pop(next(iter(_INDEXES)), None)
        cached = _INDEXES[id(shot.items)] = (shot.items, _Index(text, starts, blocks))
    return cached[1]


def _begins(words: tuple[bytes, ...], prefix: bytes) -> bool:
    """Whether a word of the sorted `words` begins with `prefix`."""
    at = bisect_left(words, prefix)
    return at < len(words) and words[at].startswith(prefix)


def _holding(shot: NewsSnapshot, text: str, ranges: list[range]) -> Iterator[int]:
    """Positions in `ranges` of the items whose title or summary has a word beginning with each word of
    `text` (any case, punctuation ignored), newest first. Blocks without such words are skipped; in the
    others each word is searched for from the candidate item on, and the candidate leapfrogs to the
    furthest item one was found in."""
    index = _index(shot)
    words = sorted(set(text.casefold().encode().translate(_SPACED).split()), key=len, reverse=True)
    needles = [b" " + word for word in words]
    starts = index.starts
    for kept in ranges if words else ():
        for block in range(kept.start // BLOCK, -(-kept.stop // BLOCK)):
            if not all(_begins(index.blocks[block], word) for word in words):
                continue
            item, last = max(kept.start, block * BLOCK), min(kept.stop, (block + 1) * BLOCK)
            while item < last:
                furthest = item
                for needle in needles:
                    at = index.text.find(needle, starts[item], starts[last])
                    furthest = last if at == -1 else max(furthest, bisect_right(starts, at, item, last) - 1)
                    if furthest == last:
                        break
                if furthest == item:
                    yield item
                    item += 1
                else:
                    item = furthest
