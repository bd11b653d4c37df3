"""The discord.py client: minimal intents, mentions off, bounded rate-limit waits, a CommandTree,
gateway events that cannot be parsed skipped, endpoint overrides, invite URL."""

from __future__ import annotations

import logging
from collections.abc import Awaitable, Callable
from typing import Any

import discord
import yarl
from discord import app_commands

from bot.adapters.discord.window import answered_elsewhere

log = logging.getLogger("newsbot.discord")

SCOPES = ("bot", "applications.commands")
# Replies go through each interaction's own webhook token, which needs no channel permission, so the
# bot asks for none: a leaked token cannot post, delete or moderate anywhere.
INVITE_PERMISSIONS = discord.Permissions.none()
# discord.py waits out a 429 on the bot's own REST calls (posts, command sync) up to this long and raises
# discord.RateLimited for longer ones, so a post or a start is never held for minutes. 30 s is the least
# discord.py accepts. Interaction responses go through the interaction's webhook and are not affected:
# window.py bounds those.
MAX_RATELIMIT_WAIT = 30.0


def apply_endpoints(api_url: str | None, gateway_url: str | None) -> None:
    """Point discord.py at another REST base (…/api/v10) and gateway, only for the values given.

    These are discord.py class attributes, so they apply to every client in the process.
    """
    if api_url:
        discord.http.Route.BASE = api_url.rstrip("/")
    if gateway_url:
        discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = yarl.URL(gateway_url)


def invite_url(application_id: int) -> str:
    """The OAuth2 URL that adds the bot to a server with its scopes and (no) permissions."""
    return discord.utils.oauth_url(application_id, permissions=INVITE_PERMISSIONS, scopes=SCOPES)


def skipping_errors(event: str, parse: Callable[[Any], None]) -> Callable[[Any], None]:
    """`parse`, but an event it cannot parse is logged (its type and the error's class, never the
    payload, which holds the interaction token) and skipped."""

    def guarded(data: Any) -> None:
        try:
            parse(data)
        except Exception as exc:  # noqa: BLE001 - one bad event must not end the gateway connection
            log.error("discord gateway event %s could not be parsed (%s): skipped", event, exc.__class__.__name__)
            log.debug("parse error in gateway event %s", event, exc_info=exc)

    return guarded


class AutocompleteAnsweredElsewhere(logging.Filter):
    """discord.py answers autocompletes itself and logs a refusal as an ERROR with a traceback; Discord's
    refusal of a second answer (another session of the bot answered first) becomes one INFO line."""

    def filter(self, record: logging.LogRecord) -> bool:
        """Always True; rewrites the record of a 40060 refusal."""
        if record.exc_info and record.exc_info[1] is not None and answered_elsewhere(record.exc_info[1]):
            record.levelno, record.levelname = logging.INFO, logging.getLevelName(logging.INFO)
            record.msg, record.args = "an autocomplete was answered already, by another session of the bot", ()
            record.exc_info, record.exc_text = None, None
        return True


ANSWERED_ELSEWHERE = AutocompleteAnsweredElsewhere()


def quiet_answered_elsewhere() -> None:
    """Install the filter on discord.py's command tree logger (once: a logger keeps one of each filter)."""
    logging.getLogger("discord.app_commands.tree").addFilter(ANSWERED_ELSEWHERE)


class NewsbotClient(discord.Client):
    """A discord.Client that knows only guilds (no message content, members or presences)."""

    def __init__(
        self,
        setup: Callable[[NewsbotClient], Awaitable[None]],
        on_state: Callable[[bool], None],
        *,
        guild_ready_timeout: float,
    ) -> None:
        intents = discord.Intents.none()
        intents.guilds = True
        # newsbot has no voice: discord.py's start-up warnings about voice libraries are noise to operators
        discord.VoiceClient.warn_nacl = discord.VoiceClient.warn_dave = False
        super().__init__(
            intents=intents,
            allowed_mentions=discord.AllowedMentions.none(),
            guild_ready_timeout=guild_ready_timeout,
            max_ratelimit_timeout=MAX_RATELIMIT_WAIT,
        )
        self.tree = app_commands.CommandTree(self)
        self._setup = setup
        self._on_state = on_state
        # discord.py calls these parsers from its gateway loop, where an exception ends the connection
        # task for good; it offers no public hook for parse errors. The gateway reads this same dict.
        parsers = self._connection.parsers
        for event, parse in parsers.items():
            parsers[event] = skipping_errors(event, parse)

    async def setup_hook(self) -> None:
        """After login, before the gateway: register and sync the commands."""
        await self._setup(self)

    async def on_connect(self) -> None:
        """The gateway session is READY: interactions arrive from here on (on_ready waits for the guilds too)."""
        self._on_state(True)

    async def on_ready(self) -> None:
        self._on_state(True)
        log.info("discord ready as %s in %d guild(s)", self.user, len(self.guilds))
        if not self.guilds and self.application_id:
            log.warning("the bot is in no server yet; invite it with: %s", invite_url(self.application_id))

    async def on_resumed(self) -> None:
        self._on_state(True)
        log.info("discord session resumed")

    async def on_disconnect(self) -> None:
        self._on_state(False)
        log.info("discord gateway disconnected; discord.py reconnects")
