"""/news [model | organization | words] [page N]: the latest items of the followed feeds, newest first; and
the news a digest announces.

Fast on a large snapshot: a model or organization reads the snapshot's tag index; words read a word index
built once per snapshot. Pages stop the search once the page and the next COUNTED matches are found, so a
long list counts as 'page 1 of 5+'.
"""

from __future__ import annotations

import datetime as dt
import heapq
from array import array
from bisect import bisect_left, bisect_right
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, replace
from itertools import accumulate, groupby, islice

from bot.content.catalog import Catalog
from bot.core.answer import Answer, Item, Status, problem
from bot.core.commands.common import close_names, option, organization_models
from bot.core.news import FeedState, NewsItem, NewsSnapshot
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.schedule import run_time
from bot.core.text import clean, date, odd_page, page_of, quote, shorten, split_page, without_mentions

USAGE = "/news [model | organization | words] [page N]"
PAGE_SIZE = 10
COUNTED = 50
"""Matches counted from a page's start where counting means searching: more read as 'page 1 of 5+'."""
TAGS_SHOWN = 4
TITLE = 300
LINK = 1000
"""The most of an item's title shown, and of its link counted in a digest (renderers drop longer links)."""
FIRST_DIGEST = dt.timedelta(days=7)
"""A channel's first digest announces the news that arrived in the week before it."""
DIGEST_ITEMS = 8
"""News items a digest lists (as many as its other sections); the rest is an 'and N more' line."""
OTHER = "Other news"


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="news",
            summary="The latest news from the followed feeds; filter by model, company or words.",
            usage=USAGE,
            examples=("/news", "/news muse spark", "/news meta page 2", "/news open weights"),
            options=(Option("about", "A model or company, or words (add 'page 2' for more)", kind="entity"),),
            handler=news,
        )
    )


@dataclass(frozen=True)
class Found:
    """Positions in the snapshot's items that a filter picks, newest first (a sequence when its length is
    the exact count, else an iterator that searches as it goes), the answer's title, and the model or
    organization it is about."""

    positions: Sequence[int] | Iterator[int]
    title: str
    entity: str | None = None


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


def _holding(shot: NewsSnapshot, text: str) -> Iterator[int]:
    """Positions of the items whose title or summary has a word beginning with each word of `text` (any
    case, punctuation ignored), newest first. Blocks without such words are skipped; in the others each
    word is searched for from the candidate item on, and the candidate leapfrogs to the furthest item one
    was found in."""
    index = _index(shot)
    words = sorted(set(text.casefold().encode().translate(_SPACED).split()), key=len, reverse=True)
    needles = [b" " + word for word in words]
    starts, count = index.starts, len(index.starts) - 1
    for block, known in enumerate(index.blocks):
        if not words or not all(_begins(known, word) for word in words):
            continue
        item, last = block * BLOCK, min(count, (block + 1) * BLOCK)
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


def _tagged(shot: NewsSnapshot, tags: list[str]) -> Sequence[int] | Iterator[int]:
    """Positions of the items tagged with any of `tags`, newest first (merged lazily from the tag index)."""
    lists = [shot.by_tag[tag] for tag in tags if tag in shot.by_tag]
    if len(lists) <= 1:
        return lists[0] if lists else ()
    return (index for index, _ in groupby(heapq.merge(*lists)))


def tags_of(catalog: Catalog, entity: str) -> list[str]:
    """The tags that mean `entity`: a model's id; an organization's, its parts' and its models' ids."""
    if entity not in catalog.organizations:
        return [entity]
    parts = [org.id for org in catalog.organizations.values() if org.part_of == entity]
    return list(dict.fromkeys([entity, *parts, *organization_models(catalog, entity)]))


def select(catalog: Catalog, shot: NewsSnapshot, text: str) -> Found:
    """The items `text` picks: all of them, a model or organization (by name or alias), or words."""
    if not text:
        return Found(range(len(shot.items)), "Latest news")
    entity = catalog.entity_names.get(text)
    if entity is not None:
        return Found(_tagged(shot, tags_of(catalog, entity)), f"News about {catalog.label(entity)}", entity)
    return Found(_holding(shot, text), f"News matching {quote(text)}")


def _page(found: Found, page: int) -> tuple[Sequence[int], int, int, bool]:
    """The page's positions, the page number (as asked, even when past the end), the page count, and
    whether there are more pages than counted."""
    if isinstance(found.positions, Sequence):
        shown, clamped, pages = page_of(found.positions, page, PAGE_SIZE)
        return (shown if clamped == page else ()), page, pages, False
    start = (page - 1) * PAGE_SIZE
    counted = list(islice(found.positions, start + COUNTED + 1))
    more = len(counted) > start + COUNTED
    pages = max(1, -(-min(len(counted), start + COUNTED) // PAGE_SIZE))
    return counted[start : start + PAGE_SIZE], page, pages, more


def news_item(catalog: Catalog, item: NewsItem, group: str = "") -> Item:
    """A news item as an Item: its feed's name and date, and (outside a group) what it is tagged with."""
    feed = catalog.feeds.get(item.feed)
    meta = [feed.name if feed else item.feed, date(item.published.date().isoformat())]
    if not group and item.tags:
        names = [catalog.label(tag) for tag in item.tags[:TAGS_SHOWN]]
        meta.append(", ".join(names) + (f" +{len(item.tags) - TAGS_SHOWN}" if len(item.tags) > TAGS_SHOWN else ""))
    return Item(shorten(item.title, TITLE), item.link, " · ".join(meta), group)


def news(context: Context, request: Request) -> Answer:
    """Answer /news."""
    catalog = context.catalog
    typed = option(request.options, "about") if request.options else request.text
    text, page_text = split_page(without_mentions(typed))  # '@everyone' names nothing: ignored
    text, odd = odd_page(text) if page_text is None else (text, None)
    if odd or page_text == 0:
        return problem(f"There is no page {quote(odd or '0', 12)}", Status.BAD_INPUT, "Pick a page from 1 to the last one the answer shows.",
                       suggestions=(f"/news {text}".strip(),))
    shot = context.news.latest() if context.news is not None else None
    feeds = followed(catalog, shot or NewsSnapshot())
    if not feeds:
        return problem("No news feeds are followed", Status.NOT_FOUND,
                       "Feeds are part of the content (feeds.yaml): see the README section “News feeds”.")
    if shot is None:
        return problem("News needs the running bot", Status.BAD_INPUT,
                       "The running bot (newsbot run) reads the followed feeds and keeps their news.")
    if not shot.items:
        return problem("No news yet", Status.NOT_FOUND, *(feed_line(feed) for feed in feeds),
                       suggestions=("/timeline",))
    found = select(catalog, shot, text)
    shown, page, pages, more = _page(found, page_text or request.page)
    if not shown and page == 1:
        return _nothing(catalog, found, text)
    if not shown:
        return problem(f"There is no page {page}", Status.NOT_FOUND,
                       "There is only 1 page." if pages == 1 else f"Pick a page from 1 to {pages}.",
                       suggestions=(f"/news {text}".strip(),))
    return Answer(
        title=found.title,
        items=tuple(news_item(catalog, shot.items[index]) for index in shown),
        footer=(f"Newest first, from {len(feeds)} followed feed{'s' if len(feeds) != 1 else ''}"
                + (f"; checked {run_time(shot.taken, 'UTC')}" if shot.taken else ""),),
        suggestions=(f"/news {text} page {page + 1}".replace("  ", " "),) if page < pages or more else (),
        page=page,
        pages=pages,
        more_pages=more,
    )


def followed(catalog: Catalog, shot: NewsSnapshot) -> list[FeedState]:
    """Every followed feed's state: the snapshot's, then content feeds it does not know yet (not polled)."""
    known = {feed.id for feed in shot.feeds}
    return [*shot.feeds, *(FeedState(feed.id, feed.name) for feed in catalog.feeds.values() if feed.id not in known)]


def feed_line(feed: FeedState) -> str:
    """'Meta AI blog: checked Mon Apr 13, 2026 09:00 UTC' with its state and reason when it is not 'ok'."""
    checked = f"checked {run_time(feed.last_poll, 'UTC')}" if feed.last_poll else "not checked yet"
    reason = shorten(clean(feed.reason), 200)
    state = (feed.state + (f": {reason}" if reason else "")) if feed.state in ("failing", "disabled") else ""
    return f"{feed.name}: " + "; ".join(part for part in (checked, state) if part)


def _nothing(catalog: Catalog, found: Found, text: str) -> Answer:
    """No item matches: for a model or organization, say so; for words, suggest names close to them."""
    if found.entity is not None:
        name = catalog.label(found.entity)
        return problem(f"No news about {name} yet", Status.NOT_FOUND, "None of the followed feeds' items names it.",
                       suggestions=("/news", f"/timeline {name}"))
    close = close_names(catalog, text)
    hint = f"Did you mean: {', '.join(close)}?" if close else "Each word must begin a word of a title or summary."
    return problem(f"No news matches {quote(text)}", Status.NOT_FOUND, hint,
                   suggestions=tuple(f"/news {name}" for name in close) or ("/news",))


def announced(shot: NewsSnapshot | None, since: dt.datetime | None) -> list[NewsItem]:
    """The items a digest announces, newest first: those that arrived after `since` (for a first digest, in
    the FIRST_DIGEST before the snapshot was taken); never those a new feed's first poll seeded."""
    if shot is None:
        return []
    start = since if since is not None else (shot.taken - FIRST_DIGEST if shot.taken else None)
    return [item for item in shot.items if item.arrived is not None and (start is None or item.arrived > start)]


def digest_items(catalog: Catalog, fresh: list[NewsItem], budget: int) -> tuple[tuple[Item, ...], int, int]:
    """The newest DIGEST_ITEMS of `fresh` that fit in `budget` characters, grouped under the model or
    organization each is first tagged with (groups in order of their newest item, OTHER last); how many
    of `fresh` they leave out; and the characters they take."""
    chosen: list[Item] = []
    used = 0
    for item in fresh[:DIGEST_ITEMS]:
        shown = news_item(catalog, item, f"News about {catalog.label(item.tags[0])}" if item.tags else OTHER)
        cost = len(shown.group) + len(shown.title) + min(len(shown.link), LINK) + len(shown.meta) + 10
        if used + cost > budget:
            break
        chosen.append(shown)
        used += cost
    order: dict[str, int] = {OTHER: len(chosen)}
    for rank, shown in enumerate(chosen):
        order.setdefault(shown.group, rank)
    chosen.sort(key=lambda shown: order[shown.group])
    return tuple(chosen), len(fresh) - len(chosen), used


def with_news(answer: Answer, items: tuple[Item, ...], more: int) -> Answer:
    """`answer` (a digest) listing news `items` and an 'and `more` more' line, with /news to try."""
    if not items and not more:
        return answer
    return replace(answer, items=items, more_items=more, suggestions=(*answer.suggestions, "/news"))
