"""Discord's window for an interaction's first response, and the 429s that would push it past it.

Discord refuses a first response (the answer, or a deferral) that arrives more than 3 s after it
created the interaction: the user then sees "The application did not respond". discord.py waits out
Discord's own 429s (which carry a Via header) whatever the window, so the wait is bounded here.
"""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable

import discord

log = logging.getLogger("newsbot.discord")

WINDOW = 3.0  # seconds Discord waits for an interaction's first response


def age(interaction: discord.Interaction) -> float:
    """Seconds since Discord created `interaction` (its snowflake time, on this host's clock)."""
    return (discord.utils.utcnow() - discord.utils.snowflake_time(interaction.id)).total_seconds()


class FirstResponse:
    """The first response to one interaction, due within Discord's window.

    The interaction's age moves deferral earlier (`until`). Giving up (`closes`) counts from receipt
    on this host's monotonic clock, so a skewed wall clock can make the bot defer early but never
    give up on an interaction Discord would still accept.
    """

    def __init__(self, interaction: discord.Interaction, window: float = WINDOW) -> None:
        now = asyncio.get_running_loop().time()
        self.interaction = interaction
        self.window = window
        self.created = now - min(max(age(interaction), 0.0), window)
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
        """Run `respond` (the first response) until the window closes.

        False, with one warning, when it cannot get through in time: Discord would refuse it later,
        and every further try would only add load while the bot is being rate-limited.
        """
        if self.missed:
            return False
        try:
            async with asyncio.timeout_at(self.closes):
                await respond()
            return True
        except TimeoutError:
            reason = "Discord did not accept it in time (rate-limited or slow)"
        self.missed = True
        log.warning(
            "interaction %s got no answer within Discord's %.1f s window: %s",
            self.interaction.id, self.window, reason,
        )
        return False
