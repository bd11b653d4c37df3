"""Posting one claimed digest with bounded retries: rate limits waited for, a refusal retried with
backoff, a channel that keeps refusing counted towards its pause, and a post whose result is unknown
never posted twice."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

import aiohttp

from bot.adapters.base import Platform
from bot.core.request import Channel
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited, TokenRefused
from bot.store import Store
from bot.store.digests import DigestStore, SubscriptionRow

log = logging.getLogger("newsbot.digests")

ATTEMPTS = 4
"""Posting attempts per slot (rate limits and refusals whose result is known)."""
BACKOFF = 2.0
"""Seconds before the second attempt after a refusal that is not a rate limit; doubles each time."""
LONGEST_WAIT = 120.0
"""The longest Retry-After waited for; a longer one gives the slot up (failed, logged)."""
PAUSE_AFTER = 3
"""Consecutive 'channel gone' or 'no access' failures after which a subscription is paused."""
PER_PLATFORM = 10
"""Posts in flight at once per platform; waits for a rate limit happen outside this bound."""


@dataclass
class Progress:
    """How far one delivery got: whether a post is in flight, and whether one went out."""

    posting: bool = False
    posted: bool = False
    unknown: bool = False
    """A post's result was unknown (retried once with the same key): it may have gone out."""


def channel_of(row: SubscriptionRow) -> Channel:
    """Where a subscription posts."""
    return Channel(platform=row.platform, workspace=row.workspace, channel=row.channel, thread=row.thread)


DEDUPLICATED = frozenset({"discord"})
"""Platforms that recognise a repeated post by its key (Discord's enforced nonce, kept a few minutes):
there a post whose result is unknown is retried once, with the same key. Slack has nothing like it."""


def delivery_key(delivery_id: int) -> str:
    """The key every post of one delivery carries (Discord's nonce: at most 25 characters)."""
    return f"d{delivery_id}"


def result_unknown(exc: PostError) -> bool:
    """True when the post may have arrived although it failed (the connection broke or timed out after
    the request went out): never retried on Slack, retried once with the same key where the platform
    deduplicates (DEDUPLICATED)."""
    cause = exc.__cause__
    if isinstance(cause, aiohttp.ClientConnectorError | ConnectionRefusedError):
        return False  # never connected: nothing was sent
    return isinstance(cause, aiohttp.ClientError | OSError | TimeoutError)


class Poster:
    """Posts claimed digests, at most PER_PLATFORM at once per platform."""

    def __init__(self, store: Store, digests: DigestStore, platforms: Iterable[str]) -> None:
        self.store, self.digests = store, digests
        self._limits = {name: asyncio.Semaphore(PER_PLATFORM) for name in platforms}

    async def post(
        self, platform: Platform, row: SubscriptionRow, delivery_id: int, answer: Any, progress: Progress,
    ) -> tuple[str, str]:
        """Post with bounded retries; (state, detail) for the delivery. `progress` tells a cancellation
        whether a post was in flight."""
        channel = channel_of(row)
        key = delivery_key(delivery_id)
        may_have_posted = False  # a result unknown, retried once with the same key where that is safe
        wait = BACKOFF
        detail = ""
        for attempt in range(1, ATTEMPTS + 1):
            await self.store.run(self.digests.attempt, delivery_id)
            try:
                async with self._limits[row.platform]:
                    progress.posting = True
                    try:
                        await platform.post(channel, answer, key=key)
                    except Exception:
                        progress.posting = False  # refused or failed: a cancellation now finds it not in flight
                        raise
                progress.posting, progress.posted = False, True
                return "posted", f"attempt {attempt}"
            except (PostError, TokenRefused) as exc:
                if may_have_posted:
                    return "uncertain", f"{exc}; after an earlier result unknown, it may have been posted"
                if isinstance(exc, TokenRefused):  # no retry can work, and the channel is not at fault: no pause
                    return "failed", str(exc)
                if isinstance(exc, RateLimited):
                    detail = str(exc)
                    if exc.retry_after > LONGEST_WAIT:
                        return "failed", f"rate limited for {exc.retry_after:.0f} s: {detail}"
                    pause = exc.retry_after
                elif isinstance(exc, ChannelGone | NoAccess):
                    count = await self.store.run(self.digests.failed, row.id, str(exc)[:500], PAUSE_AFTER)
                    if count >= PAUSE_AFTER:
                        log.warning("digest subscription=%d paused after %d failures: %s", row.id, count, exc)
                    return "failed", str(exc)
                elif result_unknown(exc):
                    if row.platform not in DEDUPLICATED or attempt == ATTEMPTS:
                        return "uncertain", f"{exc}; not retried, it may have been posted"
                    # the same key once more: the platform drops the repeat if the first one arrived
                    may_have_posted = progress.unknown = True
                    log.info("digest subscription=%d: result unknown (%s); retrying once with key %s", row.id, exc, key)
                    detail, pause = str(exc), BACKOFF
                else:
                    detail, pause, wait = str(exc), wait, wait * 2
            if attempt < ATTEMPTS:
                await asyncio.sleep(pause)
        return "failed", f"gave up after {ATTEMPTS} attempts: {detail}"
