"""Which platforms run, and keeping them running: start with backoff, reconnect when a connection
ends on its own, leave alone one that refuses newsbot's token, and know how long each has been down
(for /readyz, /healthz and the metric)."""

from __future__ import annotations

import asyncio
import logging
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Protocol

from pydantic import SecretStr
from tenacity import AsyncRetrying, retry_if_result, wait_exponential

from bot.adapters.base import Application, Platform
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


class Supervised(Protocol):
    """What the supervisor keeps running: one platform in this replica's role (bot.runtime.listening.Listener)."""

    name: str

    async def start(self) -> None:
        """Log in and take up the role; raises if it cannot (TokenRefused when the platform refuses the token)."""
        ...

    async def ended(self) -> None:
        """Return when the connection has ended on its own and will not come back by itself."""
        ...

    def connected(self) -> bool:
        """True while up in its role (for /readyz, /healthz and newsbot_platform_connected)."""
        ...

    def refused(self) -> str | None:
        """Why the platform refuses newsbot's token, while it does (bot.adapters.base.Platform.refused)."""
        ...


class Supervisor:
    """Keeps every platform running and records since when each one has been down. It is the one writer of
    newsbot_platform_connected."""

    def __init__(self, items: Sequence[Supervised], metrics: Metrics, down_limit: float) -> None:
        self.items = list(items)
        self.metrics = metrics
        self.down_limit = down_limit
        now = time.monotonic()
        self._down_since: dict[str, float | None] = {item.name: now for item in self.items}
        self._refusals: dict[str, str] = {}
        self.running: dict[str, asyncio.Task[None]] = {}
        """Each platform's keep-running task; it ends once the platform refuses newsbot's token."""

    def refusal(self, item: Supervised) -> str | None:
        """The terminal state, decided here alone: once `item` refuses newsbot's token (found on any call), the
        supervisor neither retries nor restarts it, /healthz leaves it out (a restart mends it only with a
        new token) and /readyz gives this reason, until newsbot restarts."""
        if item.name not in self._refusals and (reason := item.refused()) is not None:
            self._refusals[item.name] = reason
        return self._refusals.get(item.name)

    async def start(self, item: Supervised) -> None:
        """Try to start `item` once, then keep it running in the background (`running`)."""
        started = await self._attempt(item, "could not start ({}); retrying in the background")
        self.running[item.name] = asyncio.create_task(self._keep_running(item, started), name=f"{item.name}-supervised")

    async def _attempt(self, item: Supervised, failure: str) -> bool:
        """One start, within START_TIMEOUT: True if `item` started; a failure is logged as `failure` says,
        but not a refused token, which the platform logged."""
        try:
            async with asyncio.timeout(START_TIMEOUT):
                await item.start()
        except Exception as exc:  # noqa: BLE001 - one platform failing must not stop the others
            if self.refusal(item) is None:
                log.error("%s %s", item.name, failure.format(describe(exc)))
            return False
        if self.refusal(item) is not None:  # started, but only to tell askers why it does not serve
            return False
        log.info("%s started", item.name)
        return True

    async def _keep_running(self, item: Supervised, started: bool) -> None:
        """Start `item` until it works; start it again whenever its connection ends on its own, waiting
        longer each time it ends soon after starting; until it refuses newsbot's token."""
        quick_ends = 0
        while self.refusal(item) is None:
            if not started:
                started = await self._start_with_backoff(item)
                continue
            started = False
            up_since = time.monotonic()
            await item.ended()
            if self.refusal(item) is None:
                quick_ends = quick_ends + 1 if time.monotonic() - up_since < RETRY_MAX else 0
                delay = min(RETRY_MAX, RETRY_FIRST * 2 ** (quick_ends - 1)) if quick_ends else RETRY_FIRST
                log.error("%s connection ended; reconnecting in %.0f s", item.name, delay)
                await asyncio.sleep(delay)

    async def _start_with_backoff(self, item: Supervised) -> bool:
        """Start `item` until it starts (True), waiting longer after each failure; False once it refuses the token."""
        retrying = AsyncRetrying(wait=wait_exponential(multiplier=RETRY_FIRST, max=RETRY_MAX),
                                 retry=retry_if_result(lambda started: not started and self.refusal(item) is None))
        return bool(await retrying(self._attempt, item, "still cannot start ({})"))

    async def stop(self) -> None:
        """Stop keeping the platforms running (at shutdown, before they hand over and stop)."""
        for task in self.running.values():
            task.cancel()
        await asyncio.gather(*self.running.values(), return_exceptions=True)

    async def watch(self) -> None:
        """Every second: the connected metric, and since when each platform has been down."""
        while True:
            now = time.monotonic()
            for item in self.items:
                up = self.refusal(item) is None and item.connected()
                self.metrics.platform_up.labels(item.name).set(1 if up else 0)
                if up:
                    self._down_since[item.name] = None
                elif self._down_since[item.name] is None:
                    self._down_since[item.name] = now
            await asyncio.sleep(WATCH_INTERVAL)

    def down_for(self, item: Supervised) -> float:
        """Seconds `item` has been down, as of the last watch (0 while up)."""
        since = self._down_since[item.name]
        return 0.0 if since is None else time.monotonic() - since

    async def readiness(self, item: Supervised) -> str | None:
        """For /readyz: why `item` is not ready (its refused token, or not up in its role), or None."""
        if (refused := self.refusal(item)) is not None:
            return refused
        return None if item.connected() else f"{item.name} not connected"

    def unhealthy(self) -> str | None:
        """Why the process should be restarted: a platform down for longer than the limit (not one that
        refuses newsbot's token: a restart mends that only with a new token)."""
        for item in self.items:
            down = self.down_for(item)
            if down > self.down_limit and self.refusal(item) is None and not item.connected():
                return f"{item.name} disconnected for {down:.0f} s (PLATFORM_DOWN_LIMIT is {self.down_limit:g} s)"
        return None
