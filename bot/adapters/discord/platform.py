"""DiscordPlatform: the runtime's handle on the Discord connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from aiohttp import web

from bot.adapters.base import Application
from bot.adapters.discord import commands, posting, respond, sync
from bot.adapters.discord.client import NewsbotClient, apply_endpoints
from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.pictures import picture
from bot.adapters.discord.respond import Responder, Tuning
from bot.core import Answer, Channel

log = logging.getLogger("newsbot.discord")

__all__ = ["DiscordPlatform", "Tuning"]


class DiscordPlatform:
    """Logs in, syncs commands when they changed, then keeps a gateway connection in the background
    (bot.adapters.base.Platform)."""

    name = "discord"

    def __init__(self, config: DiscordConfig, app: Application, tuning: Tuning | None = None) -> None:
        self.config = config
        self.app = app
        self.tuning = tuning or Tuning()
        self.responder = Responder(app, self.tuning)
        self.client: NewsbotClient | None = None
        self.synced: list[str] = []
        self._up = False
        self._task: asyncio.Task[None] | None = None
        self._ended = asyncio.Event()

    def routes(self) -> list[web.RouteDef]:
        """Discord needs no inbound HTTP: interactions arrive over the gateway."""
        return []

    def _set_connected(self, up: bool) -> None:
        self._up = up
        self.app.report(self.name, up)

    async def _setup(self, client: NewsbotClient) -> None:
        commands.register(client.tree, self.app, self.responder)
        respond.register(client.tree)
        assert client.application_id is not None  # set by login
        self.synced = await sync.sync_commands(client.tree, self.app, client.application_id, self.config.guild_ids)

    async def start(self) -> None:
        """Log in (REST), register and sync commands, and connect the gateway in a background task.

        After `ended()` returned, this closes the old client and connects afresh with a new one."""
        await self._close()
        self._ended.clear()
        apply_endpoints(self.config.api_url, self.config.gateway_url)
        self.client = NewsbotClient(self._setup, self._set_connected, guild_ready_timeout=self.tuning.guild_ready_timeout)
        try:
            await self.client.login(self.config.token)
        except BaseException:
            await self.client.close()
            raise
        self._task = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
        self._task.add_done_callback(self._gateway_ended)

    def _gateway_ended(self, task: asyncio.Task[None]) -> None:
        self._set_connected(False)
        self._ended.set()
        error = None if task.cancelled() else task.exception()
        if isinstance(error, discord.ConnectionClosed):
            log.error("discord gateway closed for good: code %s", error.code)
        elif error is not None:
            log.error("discord gateway stopped: %s", error.__class__.__name__, exc_info=error)

    async def ended(self) -> None:
        """Return once the gateway has ended on its own (a close code discord.py does not reconnect
        from, such as 4004, or an error); `start()` may then be called again. discord.py reconnects
        by itself from everything else. Also returns once `stop()` has run, so no waiter hangs."""
        await self._ended.wait()

    async def wait_until_ready(self) -> None:
        """Return once the gateway session is ready (for tests and tools)."""
        assert self.client is not None
        await self.client.wait_until_ready()

    async def _close(self) -> None:
        """Stop page buttons, close the gateway and HTTP session, and wait for the background task."""
        self.responder.stop_views()
        if self.client is not None:
            await self.client.close()
        if self._task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):  # already logged by _gateway_ended
                await self._task

    async def stop(self) -> None:
        """Disconnect for good (until `start()`); wakes `ended()`."""
        await self._close()
        self._ended.set()
        self._set_connected(False)

    def connected(self) -> bool:
        """True while the gateway session is up (READY or RESUMED and not since disconnected)."""
        return self._up and self.client is not None and not self.client.is_closed()

    async def post(self, channel: Channel, answer: Answer, key: str | None = None) -> None:
        """Post `answer` to `channel` (its thread if it has one) with its chart, mentions off; counted as
        work in flight, so a graceful shutdown lets it finish. Raises bot.errors.PostError or a subclass."""
        async with self.app.work():
            await posting.post(self.client, channel, answer, key, await picture(self.app, answer))
