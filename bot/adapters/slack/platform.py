"""SlackPlatform: what the runtime starts. Socket Mode with SLACK_APP_TOKEN, else HTTP mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.adapters.slack.app import build_app, web_client
from bot.adapters.slack.auth import BotAuth
from bot.adapters.slack.events import events_handler
from bot.runtime.service import Service
from bot.runtime.settings import Settings

log = logging.getLogger("newsbot.slack")

EVENTS_PATH = "/slack/events"
CONNECT_WAIT = 10.0


class SlackPlatform:
    """Slack on the shared event loop. HTTP mode adds `POST /slack/events` to the runtime's server."""

    name = "slack"

    def __init__(
        self, settings: Settings, service: Service, *, ping_interval: float = 10.0, watch_interval: float = 1.0
    ) -> None:
        self.settings = settings
        self.service = service
        self.socket_mode = settings.SLACK_APP_TOKEN is not None
        if settings.SLACK_BOT_TOKEN is None:
            raise ValueError("SLACK_BOT_TOKEN is required for Slack")
        if not self.socket_mode and settings.SLACK_SIGNING_SECRET is None:
            raise ValueError("SLACK_SIGNING_SECRET is required for Slack's HTTP mode (or set SLACK_APP_TOKEN)")
        self.client = web_client(settings)
        self.auth = BotAuth(self.client, settings.SLACK_BOT_TOKEN.get_secret_value())
        self.app = build_app(settings, service, self.client, self.auth)
        self.handler: AsyncSocketModeHandler | None = None
        self._ping_interval = ping_interval
        self._watch_interval = watch_interval
        self._started = False
        self._tasks: list[asyncio.Task[None]] = []

    def routes(self) -> list[web.RouteDef]:
        """`POST /slack/events` in HTTP mode (verified before Bolt sees it); nothing in Socket Mode."""
        secret = self.settings.SLACK_SIGNING_SECRET
        if self.socket_mode or secret is None:  # __init__ made sure HTTP mode has one
            return []
        return [web.post(EVENTS_PATH, events_handler(self.app, secret.get_secret_value()))]

    async def start(self) -> None:
        """Check the bot token, then (Socket Mode) connect; returns within CONNECT_WAIT seconds.

        A token Slack refuses or cannot check now is logged, and checked again with each command."""
        await self.auth.check()
        if self.socket_mode and self.settings.SLACK_APP_TOKEN is not None:
            self.handler = AsyncSocketModeHandler(
                self.app, self.settings.SLACK_APP_TOKEN.get_secret_value(), ping_interval=self._ping_interval
            )
            connecting = asyncio.create_task(self.handler.connect_async())
            self._tasks.append(connecting)
            done, _ = await asyncio.wait({connecting}, timeout=CONNECT_WAIT)
            if not done:
                log.warning("slack socket mode is still connecting; retrying in the background")
        self._started = True
        self._tasks.append(asyncio.create_task(self._watch()))
        log.info("slack %s mode ready", "socket" if self.socket_mode else f"HTTP ({EVENTS_PATH})")

    def connected(self) -> bool:
        """False while Slack refuses the bot token (trouble checking it is not a refusal: each command checks
        again, and a 503 would keep those commands away). HTTP mode: started. Socket Mode: a live socket."""
        if not self._started or self.auth.refused:
            return False
        if self.handler is None:
            return True
        client = self.handler.client
        session = client.current_session
        last_pong = client.last_ping_pong_time
        pong_ok = last_pong is None or time.time() - last_pong < client.ping_interval * 4
        return not client.closed and not client.stale and session is not None and not session.closed and pong_ok

    async def _watch(self) -> None:
        """Keep the platform_up metric equal to connected() (Socket Mode reconnects on its own)."""
        gauge = self.service.metrics.platform_up.labels(self.name)
        while True:
            gauge.set(1 if self.connected() else 0)
            await asyncio.sleep(self._watch_interval)

    async def ended(self) -> None:
        """Never returns: HTTP mode has no connection, and Socket Mode reconnects by itself."""
        await asyncio.Event().wait()

    async def stop(self) -> None:
        """Close the Socket Mode connection and background tasks; the metric drops to 0."""
        self._started = False
        for task in self._tasks:
            task.cancel()
        for task in self._tasks:
            with contextlib.suppress(asyncio.CancelledError):
                await task
        self._tasks.clear()
        if self.handler is not None:
            await self.handler.close_async()
            self.handler = None
        self.service.metrics.platform_up.labels(self.name).set(0)
