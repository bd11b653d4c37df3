"""/news [model | organization | words] [date] [page N]: the latest items of the followed feeds, newest
first, on a date's days (bot.core.commands.news_filters picks them); and the news a digest announces.

Pages stop a word search once the page and the next COUNTED matches are found, so a long list counts as
'page 1 of 5+'.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import replace
from itertools import islice

from bot.content.catalog import Catalog
from bot.core.answer import Answer, Item, Status, problem
from bot.core.commands.common import close_names, option
from bot.core.news import FeedState, NewsItem, NewsSnapshot
from bot.core.commands.news_filters import Found, Period, period, select
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.schedule import run_time
from bot.core.text import clean, date, odd_page, page_of, quote, shorten, split_page, without_mentions

USAGE = "/news [model | organization | words] [date] [page N]"
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
            summary="The latest news from the followed feeds; filter by model, company, words or date.",
            usage=USAGE,
            examples=("/news", "/news muse spark", "/news meta page 2", "/news open weights",
                      "/news muse spark april 2026", "/news meta last week"),
            options=(Option("about", "A model or company, or words; a date (april 2026, last week); 'page 2' for more",
                            kind="entity"),),
            handler=news,
        )
    )


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
    asked = _asked(catalog, text, request)
    if asked.wrong:
        return problem("That is no date", Status.BAD_INPUT, asked.wrong, suggestions=("/news last 7 days",))
    found = select(catalog, shot, asked.rest, asked.spans)
    shown, page, pages, more = _page(found, page_text or request.page)
    if not shown and page == 1:
        return _nothing(catalog, shot, found, asked)
    if not shown:
        return problem(f"There is no page {page}", Status.NOT_FOUND,
                       "There is only 1 page." if pages == 1 else f"Pick a page from 1 to {pages}.",
                       suggestions=(f"/news {text}".strip(),))
    return Answer(
        title=found.title,
        lines=(asked.note,) if asked.note and page == 1 else (),
        items=tuple(news_item(catalog, shot.items[index]) for index in shown),
        footer=(f"Newest first, from {len(feeds)} followed feed{'s' if len(feeds) != 1 else ''}"
                + (f"; checked {run_time(shot.taken, 'UTC')}" if shot.taken else ""),),
        suggestions=((f"/news {text} page {page + 1}".replace("  ", " "),) if page < pages or more else ())
        + _instead(asked),
        page=page,
        pages=pages,
        more_pages=more,
    )


def _asked(catalog: Catalog, text: str, request: Request) -> Period:
    """The date in `text` read against the request's own time (now without one), and the text around it;
    a model's whole name is never a date."""
    if catalog.entity_names.get(text) is not None:
        return Period(rest=text)
    now = request.created or dt.datetime.now(dt.UTC)
    return period(text, (now if now.tzinfo else now.replace(tzinfo=dt.UTC)).astimezone(dt.UTC).date())


def _instead(asked: Period) -> tuple[str, ...]:
    """For a day that reads both ways, /news with each reading written one way only."""
    return tuple(f"/news {asked.rest} {when.prefix}".replace("  ", " ") for when in asked.readings) \
        if len(asked.readings) > 1 else ()


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


def _nothing(catalog: Catalog, shot: NewsSnapshot, found: Found, asked: Period) -> Answer:
    """No item matches: on a date, say which days the kept news covers; for a model or organization, say
    so; for words, suggest names close to them."""
    text = asked.rest
    if found.spans:
        kept = [item.published.date().isoformat() for item in (shot.items[-1], shot.items[0])]
        title = found.title.replace("News matching", "News matches", 1).replace("News", "No news", 1)
        return problem(title, Status.NOT_FOUND, *([asked.note] if asked.note else []),
                       f"The news kept runs from {date(kept[0])} to {date(kept[1])}.",
                       suggestions=_instead(asked) or (f"/news {text}".strip(),))
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
