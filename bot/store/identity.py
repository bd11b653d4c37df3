"""Which feed items are the same item: the one home of the rules (migration 0004 holds a frozen copy).

Within one feed, two items are the same when they have
- the same key: the guid, else the link and title, else the title and the feed's date text;
- or the same link and the same title (link_key), whatever their guids and dates: a CMS that mints new
  guids, or stamps its posts with the time of the request, still lists the same post;
- or, for items the feed dates, the same title and the same date (title_key): a post with no link
  under a new guid.
A link alone is no identity (a feed may link every post to its home page), nor is the title of an item
the feed gives no date ("Weekly update"). And a link_key or title_key that several items of one answer
share identifies none of them: the feed itself lists them as different items. The keys are SHA-256
digests, so they fit an index whatever the lengths of links and titles."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from bot.store.feeds import ItemRow

KEY_LENGTH = 200
"""Longest dedupe key stored as it is; a longer guid is stored as its SHA-256."""


def digest(text: str) -> str:
    """SHA-256 of `text` (UTF-8), in hex."""
    return hashlib.sha256(text.encode()).hexdigest()


def dedupe_key(guid: str | None, link: str | None, title: str, date: str | None) -> str:
    """An item's key: its guid, else a digest of its link and title, else of its title and date as the feed
    wrote it. Guids longer than KEY_LENGTH are hashed to fit."""
    guid, link = (guid or "").strip(), (link or "").strip()
    if guid:
        return guid if len(guid) <= KEY_LENGTH else "sha256:" + digest(guid)
    return "sha256:" + digest(f"{link}\n{title}" if link else f"{title}\n{date or ''}")


def link_key(link: str, title: str) -> str | None:
    """The digest of an item's link and title; None without a link."""
    return digest(f"{link}\n{title}") if link else None


def title_key(title: str, published: dt.datetime, dated: bool) -> str | None:
    """The digest of a dated item's title and its date as stored (UTC, to the second); None if undated."""
    return digest(f"{title}\n{stamp(published)}") if dated else None


def stamp(published: dt.datetime) -> str:
    """A stored date as title_key reads it: '2026-03-01 09:00:00' (UTC, fractions of a second dropped)."""
    return published.astimezone(dt.UTC).replace(tzinfo=None).isoformat(" ", "seconds")


def with_identity_keys(items: Sequence[ItemRow]) -> list[ItemRow]:
    """One answer's `items` (each key once) with their link_key and title_key, except those that several
    of them share. An item is dated when it has no `seen`."""
    keys = [(link_key(item.link, item.title), title_key(item.title, item.published, item.seen is None))
            for item in items]
    links, titles = Counter(link for link, _ in keys), Counter(title for _, title in keys)
    return [
        dataclasses.replace(item, link_key=link if links[link] == 1 else None,
                            title_key=title if titles[title] == 1 else None)
        for item, (link, title) in zip(items, keys, strict=True)
    ]
