"""SlackPlatform: what the runtime starts. Socket Mode with an app token, else HTTP mode."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web
from slack_bolt.adapter.socket_mode.async_handler import AsyncSocketModeHandler

from bot.adapters.base import Application
from bot.adapters.slack.app import build_bolt, web_client
from bot.adapters.slack.auth import BotAuth, SlackToken
from bot.adapters.slack.charts import ChartUploads
from bot.adapters.slack.config import SlackConfig
from bot.adapters.slack.events import events_handler
from bot.adapters.slack.managers import Managers
from bot.adapters.slack.post import post_message
from bot.adapters.slack.reply import Replies
from bot.adapters.slack.socket_mode import socket_mode_handler
from bot.core import Answer, Channel

log = logging.getLogger("newsbot.slack")

EVENTS_PATH = "/slack/events"
CONNECT_WAIT = 10.0


class SlackPlatform:
    """Slack on the shared event loop. HTTP mode adds `POST /slack/events` to the runtime's server.

    `bolt` is the Bolt AsyncApp; `app` is the application it answers through."""

    name = "slack"
    exclusive = False
    """Slack hands each event to one of the app's connections (Socket Mode) or to the URL (HTTP mode):
    every replica may listen."""

    def __init__(self, config: SlackConfig, app: Application, *, ping_interval: float = 10.0) -> None:
        if not config.bot_token:
            raise ValueError("Slack needs a bot token")
        if not config.socket_mode and not config.signing_secret:
            raise ValueError("Slack's HTTP mode needs a signing secret (or an app token for Socket Mode)")
        self.config = config
        self.app = app
        self.client = web_client(config)
        self.bot_token = SlackToken("SLACK_BOT_TOKEN", config.bot_token)
        self.app_token = SlackToken("SLACK_APP_TOKEN", config.app_token) if config.app_token else None
        self.auth = BotAuth(self.client, self.bot_token)
        self.managers = Managers(self.client, self.bot_token)
        self.charts = ChartUploads(app, self.client, self.bot_token)
        self.replies = Replies(app, self.managers, self.charts, ephemeral=config.ephemeral)
        self.bolt = build_bolt(app, self.client, self.auth, self.replies)
        self.handler: AsyncSocketModeHandler | None = None
        self._ping_interval = ping_interval
        self._logged_in = False
        self._started = False
        self._connecting: asyncio.Task[None] | None = None

    def routes(self) -> list[web.RouteDef]:
        """`POST /slack/events` in HTTP mode (verified before Bolt sees it); nothing in Socket Mode."""
        secret = self.config.signing_secret
        if self.config.socket_mode or not secret:  # __init__ made sure HTTP mode has one
            return []
        return [web.post(EVENTS_PATH, events_handler(self.bolt, secret))]

    async def start(self) -> None:
        """Check the bot token (REST). A token Slack refuses is logged once and `refused()` from then on (each
        asker is told so); one Slack cannot check now is logged, and checked again with each command."""
        await self.auth.check()
        self._logged_in = True

    async def listen(self) -> None:
        """Socket Mode: connect, returning within CONNECT_WAIT seconds; raises TokenRefused (logged once) if Slack
        refuses the app token. HTTP mode: events arrive at routes()."""
        if self.app_token is not None:
            self.handler = socket_mode_handler(self.bolt, self.config.web_api_url, self.app_token, self._ping_interval)
            self._connecting = asyncio.create_task(self.handler.connect_async())
            done, _ = await asyncio.wait({self._connecting}, timeout=CONNECT_WAIT)
            if (refused := self.app_token.refused) is not None:
                await self.stop_listening()
                raise refused
            if not done:
                log.warning("slack socket mode is still connecting; retrying in the background")
        self._started = True
        if self.refused() is None:  # a refused bot token was logged once already: not ready, only telling askers
            log.info("slack %s mode ready", "socket" if self.config.socket_mode else f"HTTP ({EVENTS_PATH})")

    def refused(self) -> str | None:
        """Why Slack refuses one of newsbot's tokens, naming the setting, while it does (bot.adapters.base)."""
        tokens = (self.bot_token,) if self.app_token is None else (self.bot_token, self.app_token)
        return next((str(refused) for token in tokens if (refused := token.refused) is not None), None)

    def logged_in(self) -> bool:
        """True from `start()` until `stop()`, unless Slack refuses the bot token (bot.adapters.base.Platform)."""
        return self._logged_in and self.bot_token.refused is None

    def connected(self) -> bool:
        """False while Slack refuses a token (trouble checking one is not a refusal: each command checks
        again, and a 503 would keep those commands away). HTTP mode: started. Socket Mode: a live socket."""
        if not self._started or self.refused() is not None:
            return False
        if self.handler is None:
            return True
        client = self.handler.client
        session = client.current_session
        last_pong = client.last_ping_pong_time
        pong_ok = last_pong is None or time.time() - last_pong < client.ping_interval * 4
        return not client.closed and not client.stale and session is not None and not session.closed and pong_ok

    async def ended(self) -> None:
        """Never returns: HTTP mode has no connection, and Socket Mode reconnects by itself."""
        await asyncio.Event().wait()

    async def stop(self) -> None:
        """Close the Socket Mode connection and cancel answers and charts still on their way."""
        self._logged_in = self._started = False
        await self.replies.stop()
        await self.stop_listening()

    async def stop_listening(self) -> None:
        """Close the Socket Mode connection (nothing to close in HTTP mode)."""
        self._started = False
        if self._connecting is not None:
            self._connecting.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._connecting
            self._connecting = None
        if self.handler is not None:
            await self.handler.close_async()
            self.handler = None

    async def post(self, channel: Channel, answer: Answer, key: str | None = None) -> None:
        """Post `answer` to `channel` with chat.postMessage (bot.adapters.slack.post), mentions inert; its chart,
        if any, follows into the same channel (and thread) in the background, and a failed upload is logged,
        not raised: the post itself went out. `key` is ignored: Slack cannot recognise a repeated post, so
        one whose result is unknown is never retried."""
        await post_message(self.client, self.bot_token, channel, answer)
        if answer.chart is not None:
            await self.replies.chart_later(channel, answer.chart)
