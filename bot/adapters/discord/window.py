"""Discord's window for an interaction's first response, and the 429s discord.py leaves to us within it.

Discord refuses a first response (the answer, or a deferral) that arrives more than 3 s after it
created the interaction: the user then sees "The application did not respond". discord.py waits out
Discord's own 429s (which carry a Via header) whatever the window, and raises at once on a 429 with
no Via header (a Cloudflare ban), so both are handled here.
"""

from __future__ import annotations

import asyncio
import logging
import math
import time
from collections.abc import Awaitable, Callable

import discord

log = logging.getLogger("newsbot.discord")

WINDOW = 3.0  # seconds Discord waits for an interaction's first response
ALREADY_ANSWERED = 40060
"""Discord's code for a response to an interaction that was acknowledged already: another gateway session
of the bot (a second replica) answered it first."""


def answered_elsewhere(error: BaseException) -> bool:
    """True for Discord's refusal of a second answer to one interaction."""
    return isinstance(error, discord.HTTPException) and error.code == ALREADY_ANSWERED


def age(interaction: discord.Interaction) -> float:
    """Seconds since Discord created `interaction` (its snowflake time, on this host's clock).

    The arithmetic of discord.utils.snowflake_time, without building datetimes on every command."""
    return time.time() - ((interaction.id >> 22) + discord.utils.DISCORD_EPOCH) / 1000


def retry_after(error: BaseException) -> float | None:
    """Seconds a 429 that discord.py did not retry asks us to wait (inf when it does not say); None for
    any other error."""
    if not isinstance(error, discord.HTTPException) or error.status != 429:
        return None
    try:
        wait = float(error.response.headers.get("Retry-After", "inf"))
    except ValueError:
        return math.inf
    return wait if 0 <= wait < math.inf else math.inf


def rate_limited(wait: float) -> str:
    """Says, for the log, that Cloudflare refused the bot for `wait` seconds (from `retry_after`)."""
    after = f"retry after {wait:.0f} s" if wait < math.inf else "no Retry-After"
    return f"Discord's Cloudflare rate-limited the bot (HTTP 429 with no Via header, {after})"


class FirstResponse:
    """The first response to one interaction, due within Discord's window.

    The interaction's `age` moves deferral earlier (`until`). Giving up (`closes`) counts from receipt
    on this host's monotonic clock, so a skewed wall clock can make the bot defer early but never
    give up on an interaction Discord would still accept.
    """

    def __init__(self, interaction: discord.Interaction, window: float = WINDOW) -> None:
        now = asyncio.get_running_loop().time()
        self.interaction = interaction
        self.window = window
        self.age = age(interaction)
        self.created = now - min(max(self.age, 0.0), window)
        self.closes = now + window
        self.deferred = False
        self.missed = False

    def until(self, seconds: float) -> float:
        """Seconds from now until `seconds` after Discord created the interaction (0 if past)."""
        return max(0.0, self.created + seconds - asyncio.get_running_loop().time())

    async def defer(self) -> None:
        """Acknowledge now and answer later by follow-up."""
        self.deferred = await self.send(self.interaction.response.defer)

    async def send(self, respond: Callable[[], Awaitable[object]]) -> bool:
        """Run `respond` (the first response), waiting out 429s that end before the window closes.

        False, with one warning, when it cannot get through in time: Discord would refuse it later,
        and every further try would only add load while the bot is being rate-limited. False, with one
        INFO line, when another session answered the interaction first: nothing more is sent for it.
        """
        if self.missed:
            return False
        loop = asyncio.get_running_loop()
        while True:
            try:
                async with asyncio.timeout_at(self.closes):
                    await respond()
                return True
            except TimeoutError:
                reason = "Discord did not accept it in time (rate-limited or slow)"
            except discord.HTTPException as exc:
                if answered_elsewhere(exc):
                    self.missed = True
                    log.info("interaction %s was answered already, by another session of the bot: not answering "
                             "it again", self.interaction.id)
                    return False
                wait = retry_after(exc)
                if wait is None:
                    raise
                if loop.time() + wait < self.closes:
                    log.warning("%s: retrying interaction %s then", rate_limited(wait), self.interaction.id)
                    await asyncio.sleep(wait)
                    continue
                reason = rate_limited(wait)
            self.missed = True
            log.warning(
                "interaction %s got no answer within Discord's %.1f s window: %s",
                self.interaction.id, self.window, reason,
            )
            return False
