"""`newsbot feeds list|poll|retry` and `newsbot ask "/news"`: feeds for operators, with no bot running."""

from __future__ import annotations

import asyncio
import datetime as dt
from typing import TYPE_CHECKING

from bot.content.catalog import Catalog
from bot.core.answer import Table
from bot.core.news import FeedState, NewsItem
from bot.render.text import table_lines
from bot.runtime.feeds.newsroom import Newsroom
from bot.runtime.settings import Settings
from bot.store.db import open_current

if TYPE_CHECKING:
    from bot.runtime.feeds.poller import PollResult

COLUMNS = ("feed", "state", "last poll", "last new item", "items", "reason")
NO_FEEDS = "No feeds in the content. Add a `feeds` section (README: News feeds) and run `newsbot validate`."
SHOWN = 20


def _when(value: dt.datetime | None) -> str:
    return value.astimezone(dt.UTC).strftime("%Y-%m-%d %H:%M UTC") if value else "never"


def feed_table(states: list[FeedState]) -> str:
    """Each feed's state as an aligned text table (or a sentence when none is followed)."""
    if not states:
        return NO_FEEDS
    rows = tuple(
        (s.id, s.state, _when(s.last_poll), _when(s.last_new), str(s.items), " ".join(s.reason.split())[:120])
        for s in states
    )
    return "\n".join(table_lines(Table(COLUMNS, rows)))


def poll_report(results: list[PollResult], new_items: list[NewsItem]) -> str:
    """One line per polled feed, then the new items (newest first, at most SHOWN)."""
    if not results:
        return NO_FEEDS
    lines = []
    for result in results:
        detail = f"{result.new} new" if result.result == "new" else result.result.replace("_", " ")
        reason = f": {result.reason}" if result.reason else ""
        lines.append(f"{result.feed}: {detail} ({result.state}){reason}")
    for item in new_items[:SHOWN]:
        lines.append(f"  {_when(item.published)}  {item.title}  {item.link}".rstrip())
    if len(new_items) > SHOWN:
        lines.append(f"  and {len(new_items) - SHOWN} more")
    return "\n".join(lines)


async def feeds_command(settings: Settings, action: str, feed_id: str | None) -> int:
    """Run one operator action; the exit code: 0, or 1 when a polled feed failed. Raises ValueError for
    an unknown feed id, StoreError when the database fails or is not at this release's schema (poll and
    retry write rows of this release's shape: only `newsbot run` migrates), ContentError for broken content."""
    from bot.runtime.feeds.setup import operating

    async with operating(settings) as poller:
        if action == "list":
            print(feed_table(await poller.states()))
            return 0
        if action == "retry":
            if feed_id is None:
                raise ValueError("retry needs a feed id (newsbot feeds list shows them)")
            enabled = await poller.retry(feed_id)
            print(f"{feed_id}: enabled again; a running `newsbot run` polls it within a minute" if enabled else f"{feed_id}: was not disabled")
            return 0
        await poller.newsroom.update(full=True)
        known = set(poller.newsroom.latest().items)
        results = await poller.poll_now(feed_id)
        await poller.newsroom.update(full=True)
        new_items = [item for item in poller.newsroom.latest().items if item not in known]
        print(poll_report(results, new_items))
        return 1 if any(result.result in ("failed", "disabled") for result in results) else 0


def read_news(settings: Settings, catalog: Catalog) -> Newsroom:
    """A Newsroom holding the stored items of `catalog`'s feeds, for one `newsbot ask "/news"`.
    Raises StoreError."""
    store = open_current(settings.DATABASE_URL.get_secret_value())
    try:
        newsroom = Newsroom(store, lambda: catalog)
        asyncio.run(newsroom.update(full=True))
    finally:
        store.close()
    return newsroom
