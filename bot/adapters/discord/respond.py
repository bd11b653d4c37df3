"""Answering interactions: the application's answer and its chart, deferral before Discord's 3 s window
closes, replies, page turns, and the tree's error handler."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
import weakref
from dataclasses import dataclass, replace
from typing import Any

import discord
from discord import app_commands

from bot.adapters.base import Application
from bot.adapters.discord.paginator import Paginator
from bot.adapters.discord.pictures import Reply, deliver, picture
from bot.adapters.discord.window import WINDOW, FirstResponse, rate_limited, retry_after
from bot.core import Request, Status
from bot.core.answer import FAILED, problem
from bot.render.discord import render

log = logging.getLogger("newsbot.discord")

STALE = problem(
    "That command is not available",
    Status.UNKNOWN_COMMAND,
    "Discord showed a command list that is out of date; it refreshes shortly. Try /help.",
)


@dataclass(frozen=True)
class Tuning:
    """Timings. defer_after: defer unless the answer is ready this long after Discord created the
    interaction (well under its window). window: Discord's limit for the first response.
    page_timeout: seconds page buttons stay live. guild_ready_timeout: discord.py's wait for GUILD_CREATEs."""

    defer_after: float = 1.5
    window: float = WINDOW
    page_timeout: float = 300.0
    guild_ready_timeout: float = 2.0


def log_context(interaction: discord.Interaction, age: float) -> dict[str, str]:
    """Where an interaction came from and how old it was (`age` s), for the command log line (never the token)."""
    return {
        "guild": str(interaction.guild_id or "dm"),
        "channel": str(interaction.channel_id or ""),
        "interaction": str(interaction.id),
        "age_ms": f"{age * 1000:.0f}",
    }


class Responder:
    """Turns an interaction plus a core Request into a reply on Discord."""

    def __init__(self, app: Application, tuning: Tuning) -> None:
        self.app = app
        self.tuning = tuning
        self.views: weakref.WeakSet[Paginator] = weakref.WeakSet()

    async def answer(self, interaction: discord.Interaction, request: Request) -> Reply:
        """The application's answer with its chart drawn, and the interaction's first response: deferred
        if both were not ready `defer_after` seconds after Discord created the interaction.

        The application answers cheap commands on the loop, at once: then no task is made and the
        deferral timer is only scheduled and cancelled. An answer computed in a thread, and a chart
        (drawn in the application's chart thread), leave the loop free for the timer to defer in time."""
        first = FirstResponse(interaction, self.tuning.window)
        context = log_context(interaction, first.age)
        delay = first.until(self.tuning.defer_after)
        if delay == 0:
            await self._defer(first, request)
            return await self._prepare(first, request, context)
        loop = asyncio.get_running_loop()
        deferral: list[asyncio.Task[None]] = []
        timer = loop.call_later(delay, lambda: deferral.append(loop.create_task(self._defer(first, request))))
        try:
            return await self._prepare(first, request, context)
        finally:
            timer.cancel()
            if deferral:
                await deferral[0]

    async def _prepare(self, first: FirstResponse, request: Request, context: dict[str, str]) -> Reply:
        """The answer to `request`, then its chart: both inside the window the deferral timer watches."""
        answer = await self.app.answer(request, **context)
        return Reply(answer, await picture(self.app, answer), first)

    async def _defer(self, first: FirstResponse, request: Request) -> None:
        log.warning("/%s not answered %.1f s after interaction %s was created: deferring",
                    request.command, self.tuning.defer_after, first.interaction.id)
        await first.defer()

    async def __call__(self, interaction: discord.Interaction, request: Request) -> None:
        """Answer an application command."""
        async with self.app.work():
            started = time.perf_counter()
            reply = await self.answer(interaction, request)
            view = None
            if reply.answer.pages > 1:

                async def fetch(turn: discord.Interaction, page: int) -> Reply:
                    async with self.app.work():
                        return await self.answer(turn, replace(request, page=page))

                view = Paginator(
                    fetch, reply.answer,
                    author_id=interaction.user.id, origin=interaction, timeout=self.tuning.page_timeout,
                )
                self.views.add(view)
            await send(reply, view)
            log.debug("interaction %s replied in %.1f ms", interaction.id, (time.perf_counter() - started) * 1000)

    def stop_views(self) -> None:
        """Stop every live paginator (at shutdown), cancelling their timers."""
        for view in list(self.views):
            view.stop()


async def send(reply: Reply, view: Paginator | None) -> None:
    """Reply with the answer's embeds and chart; ephemeral answers only to the asker, even after a deferral."""
    first, answer = reply.first, reply.answer
    interaction = first.interaction
    where = f"interaction {interaction.id}"
    extra = {"view": view} if view is not None else {}
    if not first.deferred:

        async def respond(**message: Any) -> bool:
            return await first.send(functools.partial(
                interaction.response.send_message, ephemeral=answer.ephemeral, **extra, **message
            ))

        await deliver(respond, answer, reply.png, where)
    elif answer.ephemeral:
        await interaction.delete_original_response()
        await deliver(functools.partial(interaction.followup.send, ephemeral=True), answer, reply.png, where)
    else:
        await deliver(functools.partial(interaction.followup.send, wait=True, **extra), answer, reply.png, where)


def register(tree: app_commands.CommandTree) -> None:
    """Install the tree's error handler: a clear ephemeral message to the user, the traceback to the log."""

    async def on_error(interaction: discord.Interaction, error: app_commands.AppCommandError) -> None:
        stale = isinstance(error, (app_commands.CommandNotFound, app_commands.CommandSignatureMismatch))
        command = interaction.command.name if interaction.command else "?"
        wait = retry_after(getattr(error, "original", error))
        if wait is not None:  # telling the user would be refused the same way
            log.warning("%s: interaction %s /%s failed", rate_limited(wait), interaction.id, command)
            return
        if stale:
            log.warning("interaction %s for stale command /%s: %s", interaction.id, command, error)
        else:
            log.error(
                "interaction %s /%s failed (guild=%s channel=%s)",
                interaction.id, command, interaction.guild_id, interaction.channel_id, exc_info=error,
            )
        embeds = render(STALE if stale else FAILED)
        try:
            if interaction.response.is_done():
                await interaction.followup.send(embeds=embeds, ephemeral=True)
            else:
                await interaction.response.send_message(embeds=embeds, ephemeral=True)
        except discord.HTTPException as exc:
            log.error("could not tell the user about the failure: %s %s", exc.status, exc.text)

    tree.error(on_error)
