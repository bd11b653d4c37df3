"""Page buttons for long answers, in the manner of RoboDanny's cogs/utils/paginator.py.

Only the asker turns pages; Previous/Next disable at the edges; the buttons are removed from the
message when the view times out. Each turn re-asks the core for that page of the same request, and
attaches its chart again: Discord shows a kept attachment outside the edited embed as well.
"""

from __future__ import annotations

import functools
import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord

from bot.adapters.discord.pictures import Reply, deliver
from bot.adapters.discord.window import rate_limited, retry_after
from bot.core import Answer

log = logging.getLogger("newsbot.discord")

FetchPage = Callable[[discord.Interaction, int], Awaitable[Reply]]
NOT_YOURS = "Only the person who ran this command can turn its pages. Run the command yourself to browse."


class Paginator(discord.ui.View):
    """Previous/Next buttons over the pages of one answer."""

    def __init__(
        self, fetch: FetchPage, answer: Answer, *, author_id: int, origin: discord.Interaction, timeout: float
    ) -> None:
        super().__init__(timeout=timeout)
        self.fetch = fetch
        self.page = answer.page
        self.pages = answer.pages
        self.author_id = author_id
        self.origin = origin
        self._update_buttons()

    def _update_buttons(self) -> None:
        self.previous_page.disabled = self.page <= 1
        self.next_page.disabled = self.page >= self.pages

    async def interaction_check(self, interaction: discord.Interaction) -> bool:
        """Refuse, privately, anyone but the asker."""
        if interaction.user.id == self.author_id:
            return True
        await interaction.response.send_message(NOT_YOURS, ephemeral=True)
        return False

    @discord.ui.button(label="Previous", emoji="◀️", style=discord.ButtonStyle.secondary)
    async def previous_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, self.page - 1)

    @discord.ui.button(label="Next", emoji="▶️", style=discord.ButtonStyle.secondary)
    async def next_page(self, interaction: discord.Interaction, button: discord.ui.Button) -> None:
        await self._turn(interaction, self.page + 1)

    async def _turn(self, interaction: discord.Interaction, page: int) -> None:
        reply = await self.fetch(interaction, page)
        answer, first = reply.answer, reply.first
        self.page, self.pages = answer.page, answer.pages
        self._update_buttons()
        view = self if answer.pages > 1 else None
        if view is None:
            self.stop()

        async def edit(**message: Any) -> object:
            if first.deferred:
                return await interaction.edit_original_response(view=view, **message)
            return await first.send(functools.partial(interaction.response.edit_message, view=view, **message))

        await deliver(edit, answer, reply.png, f"page turn on interaction {interaction.id}", edit=True)

    async def on_error(self, interaction: discord.Interaction, error: Exception, item: discord.ui.Item) -> None:
        """A Cloudflare 429 is one warning line; anything else goes to discord.py's handler (traceback)."""
        wait = retry_after(error)
        if wait is None:
            await super().on_error(interaction, error, item)
        else:
            log.warning("%s: page turn on interaction %s failed", rate_limited(wait), interaction.id)

    async def on_timeout(self) -> None:
        """Take the buttons off the message: they would no longer answer."""
        try:
            await self.origin.edit_original_response(view=None)
        except discord.HTTPException as exc:
            log.info("could not remove expired page buttons: %s %s", exc.status, exc.text)
