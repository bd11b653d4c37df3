"""DiscordPlatform: the runtime's handle on the Discord connection."""

from __future__ import annotations

import asyncio
import contextlib
import logging

import discord
from aiohttp import web

from bot.adapters.base import Application
from bot.adapters.discord import commands, posting, respond, sync
from bot.adapters.discord.client import NewsbotClient, apply_endpoints, quiet_answered_elsewhere
from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.pictures import picture
from bot.adapters.discord.respond import Responder, Tuning
from bot.adapters.token import Token
from bot.core import Answer, Channel
from bot.errors import PostError

log = logging.getLogger("newsbot.discord")

__all__ = ["DiscordPlatform", "Tuning"]

AUTHENTICATION_FAILED = 4004
"""The gateway's close code for a refused token (REST's is posting.UNAUTHORIZED)."""


class DiscordPlatform:
    """Logs in and syncs commands when they changed; listening keeps a gateway connection in the background
    (bot.adapters.base.Platform)."""

    name = "discord"
    exclusive = True
    """Discord sends every interaction to every gateway session of the bot (unsharded): a second replica
    listening would answer each one again, so only one may listen at a time."""

    def __init__(self, config: DiscordConfig, app: Application, tuning: Tuning | None = None) -> None:
        self.config = config
        self.app = app
        self.token = Token("Discord", "DISCORD_TOKEN", config.token, log)
        self.tuning = tuning or Tuning()
        self.responder = Responder(app, self.tuning)
        self.client: NewsbotClient | None = None
        self.synced: list[str] = []
        self._up = False
        """Whether the gateway session is READY (discord.py's on_connect) or RESUMED, not disconnected since."""
        self._task: asyncio.Task[None] | None = None
        self._ended = asyncio.Event()
        quiet_answered_elsewhere()

    def routes(self) -> list[web.RouteDef]:
        """Discord needs no inbound HTTP: interactions arrive over the gateway."""
        return []

    def _set_up(self, up: bool) -> None:
        self._up = up

    async def _setup(self, client: NewsbotClient) -> None:
        commands.register(client.tree, self.app, self.responder)
        respond.register(client.tree)
        assert client.application_id is not None  # set by login
        self.synced = await sync.sync_commands(client.tree, self.app, client.application_id, self.config.guild_ids)

    async def start(self) -> None:
        """Log in (REST: posts work from here on), register and sync commands; no gateway yet (`listen`).

        After `ended()` returned, this closes the old client and logs in afresh with a new one. Raises TokenRefused
        (logged once, and never tried again) when Discord refuses the token."""
        token = self.token.use()
        await self._close()
        self._ended.clear()
        apply_endpoints(self.config.api_url, self.config.gateway_url)
        self.client = NewsbotClient(self._setup, self._set_up, guild_ready_timeout=self.tuning.guild_ready_timeout)
        try:
            await self.client.login(token)
        except discord.LoginFailure:
            await self.client.close()
            raise self.token.refuse(f"HTTP {posting.UNAUTHORIZED}", "discord login") from None
        except BaseException:
            await self.client.close()
            raise

    async def listen(self) -> None:
        """Connect the gateway in a background task, where interactions arrive (after `start()`)."""
        assert self.client is not None, "start() logs in before listen()"
        if self._task is None or self._task.done():
            self._task = asyncio.create_task(self.client.connect(reconnect=True), name="discord-gateway")
            self._task.add_done_callback(self._gateway_ended)

    async def stop_listening(self) -> None:
        """Close the gateway session, staying logged in: replies in flight and posts still go through REST."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):  # already logged by _gateway_ended
                await task
        if self.client is not None and self.client.ws is not None and self.client.ws.open:
            await self.client.ws.close(code=1000)
        self._up = False

    def _gateway_ended(self, task: asyncio.Task[None]) -> None:
        if task.cancelled() and task is not self._task:
            return  # stop_listening: not an end of its own
        self._up = False
        self._ended.set()
        error = None if task.cancelled() else task.exception()
        if isinstance(error, discord.ConnectionClosed) and error.code == AUTHENTICATION_FAILED:
            self.token.refuse(f"gateway close code {error.code}", "discord gateway")
        elif isinstance(error, discord.ConnectionClosed):
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
        task, self._task = self._task, None
        if task is not None:
            with contextlib.suppress(asyncio.CancelledError, Exception):  # already logged by _gateway_ended
                await task

    async def stop(self) -> None:
        """Disconnect for good (until `start()`); wakes `ended()`."""
        await self._close()
        self._ended.set()
        self._up = False

    def refused(self) -> str | None:
        """Why Discord refuses DISCORD_TOKEN, while it does (bot.adapters.base.Platform.refused)."""
        refused = self.token.refused
        return None if refused is None else str(refused)

    def logged_in(self) -> bool:
        """True from login until `stop()`, unless Discord refused the token (bot.adapters.base.Platform)."""
        return self.client is not None and not self.client.is_closed() and self.token.refused is None

    def connected(self) -> bool:
        """True while listening with the gateway session up (READY or RESUMED, not disconnected since)."""
        return self._task is not None and self._up and self.logged_in()

    async def post(self, channel: Channel, answer: Answer, key: str | None = None) -> None:
        """Post `answer` to `channel` (its thread if it has one) with its chart, mentions off; counted as
        work in flight, so a graceful shutdown lets it finish. Raises bot.errors.PostError or a subclass, or
        TokenRefused (logged once; from then on raised with nothing drawn or sent)."""
        self.token.use()
        async with self.app.work():
            try:
                await posting.post(self.client, channel, answer, key, await picture(self.app, answer))
            except PostError as exc:
                if posting.unauthorized(exc):
                    raise self.token.refuse(f"HTTP {posting.UNAUTHORIZED}", "discord post") from None
                raise
