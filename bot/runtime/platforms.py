"""Which platforms run, and keeping them running: start with backoff, reconnect when a connection
ends on its own, and know how long each has been down (for /readyz, /healthz and the metric)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass

from pydantic import SecretStr
from tenacity import AsyncRetrying, retry_if_not_exception_type, wait_exponential

from bot.adapters.base import Application, Platform
from bot.errors import TokenRefused
from bot.runtime.metrics import Metrics
from bot.runtime.settings import Settings

log = logging.getLogger("newsbot")

RETRY_FIRST = 5.0
RETRY_MAX = 300.0
WATCH_INTERVAL = 1.0
START_TIMEOUT = 20.0
"""Seconds one start may take: a platform whose API accepts connections but never answers is given up
on (and retried in the background) instead of holding up the other platforms."""


def describe(exc: BaseException) -> str:
    """An exception as 'Class: message', one line, short (logs are redacted of secrets anyway)."""
    text = " ".join(str(exc).split())[:200]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def _secret(value: SecretStr | None) -> str | None:
    return value.get_secret_value() if value is not None else None


def _slack(settings: Settings, app: Application) -> Platform:
    from bot.adapters.slack import SlackConfig, SlackPlatform

    config = SlackConfig(
        bot_token=_secret(settings.SLACK_BOT_TOKEN) or "",
        signing_secret=_secret(settings.SLACK_SIGNING_SECRET),
        app_token=_secret(settings.SLACK_APP_TOKEN),
        api_url=settings.SLACK_API_URL,
        ephemeral=settings.SLACK_EPHEMERAL,
    )
    return SlackPlatform(config, app)


def _discord(settings: Settings, app: Application) -> Platform:
    from bot.adapters.discord import DiscordConfig, DiscordPlatform

    config = DiscordConfig(
        token=_secret(settings.DISCORD_TOKEN) or "",
        guild_ids=settings.DISCORD_GUILD_IDS,
        api_url=settings.DISCORD_API_URL,
        gateway_url=settings.DISCORD_GATEWAY_URL,
    )
    return DiscordPlatform(config, app)


@dataclass(frozen=True)
class PlatformRow:
    """One platform newsbot can run: its name, whether the settings configure it, how to build it
    (importing its SDK only then)."""

    name: str
    configured: Callable[[Settings], bool]
    build: Callable[[Settings, Application], Platform]


PLATFORMS = (
    PlatformRow("slack", lambda settings: settings.slack_configured, _slack),
    PlatformRow("discord", lambda settings: settings.discord_configured, _discord),
)
"""Every platform. A new one is a row here, plus its adapter package and renderer."""


def configured(settings: Settings) -> list[PlatformRow]:
    """The platforms these settings have credentials for."""
    return [row for row in PLATFORMS if row.configured(settings)]


def build_platforms(settings: Settings, app: Application) -> list[Platform]:
    """One adapter per configured platform."""
    return [row.build(settings, app) for row in configured(settings)]


class Supervisor:
    """Keeps every platform running and records since when each one has been down."""

    def __init__(self, platforms: list[Platform], metrics: Metrics, down_limit: float) -> None:
        self.platforms = platforms
        self.metrics = metrics
        self.down_limit = down_limit
        now = time.monotonic()
        self._down_since: dict[str, float | None] = {p.name: now for p in platforms}

    async def start(self, platform: Platform) -> bool:
        """Try to start `platform` once; False (logged) if it failed. A refused token was logged by the
        platform itself, and is not "started"."""
        try:
            async with asyncio.timeout(START_TIMEOUT):
                await platform.start()
        except TokenRefused:
            return False
        except Exception as exc:  # noqa: BLE001 - one platform failing must not stop the others
            log.error("%s could not start (%s); retrying in the background", platform.name, describe(exc))
            return False
        self._started(platform)
        return True

    async def keep_running(self, platform: Platform, started: bool) -> None:
        """Start `platform` until it works; start it again whenever its connection ends on its own,
        waiting longer each time it ends soon after starting. A platform that refuses newsbot's token is
        left alone: no retry can mend that, only a restart with a valid token."""
        quick_ends = 0
        while platform.refused() is None:
            if not started:
                try:
                    await self._start_with_backoff(platform)
                except TokenRefused:
                    return
            started = False
            up_since = time.monotonic()
            await platform.ended()
            if platform.refused() is not None:
                return
            quick_ends = quick_ends + 1 if time.monotonic() - up_since < RETRY_MAX else 0
            delay = min(RETRY_MAX, RETRY_FIRST * 2 ** (quick_ends - 1)) if quick_ends else RETRY_FIRST
            log.error("%s connection ended; reconnecting in %.0f s", platform.name, delay)
            await asyncio.sleep(delay)

    async def _start_with_backoff(self, platform: Platform) -> None:
        retrying = AsyncRetrying(wait=wait_exponential(multiplier=RETRY_FIRST, max=RETRY_MAX), reraise=True,
                                 retry=retry_if_not_exception_type(TokenRefused))
        async for attempt in retrying:
            with attempt:
                try:
                    async with asyncio.timeout(START_TIMEOUT):
                        await platform.start()
                except Exception as exc:
                    if not isinstance(exc, TokenRefused):
                        log.error("%s still cannot start (%s)", platform.name, describe(exc))
                    raise
        self._started(platform)

    @staticmethod
    def _started(platform: Platform) -> None:
        if platform.refused() is None:  # else it logged the refusal: started, but not serving
            log.info("%s started", platform.name)

    async def watch(self) -> None:
        """Every second: the connected metric, and since when each platform has been down."""
        while True:
            now = time.monotonic()
            for platform in self.platforms:
                up = platform.connected()
                self.metrics.platform_up.labels(platform.name).set(1 if up else 0)
                if up:
                    self._down_since[platform.name] = None
                elif self._down_since[platform.name] is None:
                    self._down_since[platform.name] = now
            await asyncio.sleep(WATCH_INTERVAL)

    def unhealthy(self) -> str | None:
        """Why the process should be restarted: a platform down for longer than the limit. Not one that
        refuses newsbot's token: a restart mends that only with a new token (/readyz says so)."""
        now = time.monotonic()
        for platform in self.platforms:
            since = self._down_since[platform.name]
            if since is not None and now - since > self.down_limit and not platform.connected() and (
                    platform.refused() is None):
                return f"{platform.name} disconnected for {now - since:.0f} s (PLATFORM_DOWN_LIMIT is {self.down_limit:g} s)"
        return None
