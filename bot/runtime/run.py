"""`newsbot run`: one process, one event loop: platforms, HTTP server, reload and console."""

from __future__ import annotations

import asyncio
import errno
import logging
import os
import signal
import socket
import stat
import sys
from collections.abc import Coroutine
from typing import Any

from aiohttp import web
from sqlalchemy.exc import SQLAlchemyError
from tenacity import AsyncRetrying, wait_exponential

from bot.adapters.base import Platform
from bot.content.loader import load_catalog
from bot.core import Core
from bot.errors import SettingsError, StartupError
from bot.runtime.http import ReadinessCheck, bound_port, build_app, start_server
from bot.runtime.metrics import Metrics
from bot.runtime.reload import ContentReloader, settle_heap
from bot.runtime.service import Service
from bot.runtime.settings import Settings
from bot.store import Store

log = logging.getLogger("newsbot")

RETRY_FIRST = 5.0
RETRY_MAX = 300.0


def listen_error(host: str, port: int, exc: OSError) -> str:
    """Which setting to fix when the HTTP server cannot listen, in one line."""
    if isinstance(exc, socket.gaierror):
        return f"HOST: cannot use the address {host!r} ({exc.strerror or exc})"
    if exc.errno == errno.EADDRINUSE:
        return f"PORT: {port} is already in use on {host}; choose another PORT, or 0 for any free port"
    return f"PORT: cannot listen on {host}:{port} ({exc.strerror or exc})"


def describe(exc: BaseException) -> str:
    """An exception as 'Class: message', one line, short (logs are redacted of secrets anyway)."""
    text = " ".join(str(exc).split())[:200]
    return f"{exc.__class__.__name__}: {text}" if text else exc.__class__.__name__


def build_platforms(settings: Settings, service: Service, store: Store) -> list[Platform]:
    """One adapter per platform that has credentials. Imports each SDK only when it is used."""
    platforms: list[Platform] = []
    if settings.slack_configured:
        from bot.adapters.slack import SlackPlatform

        platforms.append(SlackPlatform(settings, service))
    if settings.discord_configured:
        from bot.adapters.discord import DiscordPlatform

        platforms.append(DiscordPlatform(settings, service, store))
    return platforms


class Runtime:
    """Everything `newsbot run` starts, and the order it stops them in."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.metrics = Metrics()
        catalog = load_catalog(settings.CONTENT_DIR, headline=settings.HEADLINE_BENCHMARK)
        settle_heap()
        self.metrics.content_loaded(catalog.version)
        self.service = Service(Core(catalog), self.metrics)
        self.reloader = ContentReloader(settings.CONTENT_DIR, settings.HEADLINE_BENCHMARK, self.service, self.metrics)
        try:
            self.store = Store(settings.DATABASE_URL.get_secret_value())
        except (SQLAlchemyError, ValueError, ImportError) as exc:
            raise SettingsError(f"DATABASE_URL: not a database URL newsbot can use ({exc.__class__.__name__})") from None
        self.platforms: list[Platform] = []
        self.stopping = asyncio.Event()
        self.port = settings.PORT
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def readiness(self) -> list[ReadinessCheck]:
        """Checks for /readyz: content, database, each platform."""
        checks: list[ReadinessCheck] = [self._content_ready, lambda: self.store.ping()]
        for platform in self.platforms:
            checks.append(lambda p=platform: None if p.connected() else f"{p.name} not connected")
        return checks

    def _content_ready(self) -> str | None:
        return None if self.service.core.catalog.models else "content has no models"

    async def start(self) -> None:
        """Migrate the database, start the HTTP server, then each platform (a failing one is retried
        in the background while the others serve). Raises StartupError naming the setting to check."""
        try:
            await asyncio.to_thread(self.store.migrate)
        except SQLAlchemyError as exc:
            raise StartupError(f"DATABASE_URL: cannot use the database ({exc.__class__.__name__})") from None
        self.platforms = build_platforms(self.settings, self.service, self.store)
        routes = [route for platform in self.platforms for route in platform.routes()]
        app = build_app(self.metrics, self.readiness(), routes)
        try:
            self._runner = await start_server(app, self.settings.HOST, self.settings.PORT)
        except OSError as exc:
            raise StartupError(listen_error(self.settings.HOST, self.settings.PORT, exc)) from None
        self.port = bound_port(self._runner)
        log.info("HTTP server on %s:%d (healthz, readyz, metrics)", self.settings.HOST, self.port)
        for platform in self.platforms:
            try:
                await platform.start()
                log.info("%s started", platform.name)
            except Exception as exc:  # noqa: BLE001 - one platform failing must not stop the others
                log.error("%s could not start (%s); retrying in the background", platform.name, describe(exc))
                self.background(self._keep_starting(platform))
        if self.settings.RELOAD:
            self.background(self.reloader.watch(self.stopping))

    async def _keep_starting(self, platform: Platform) -> None:
        """Retry a platform's start with capped exponential backoff until it works or we stop."""
        retrying = AsyncRetrying(wait=wait_exponential(multiplier=RETRY_FIRST, max=RETRY_MAX), reraise=True)
        async for attempt in retrying:
            with attempt:
                try:
                    await platform.start()
                except Exception as exc:
                    log.error("%s still cannot start (%s)", platform.name, describe(exc))
                    raise
        log.info("%s started", platform.name)

    async def stop(self) -> None:
        """Graceful stop: no new work, in-flight work finishes (bounded), then close everything."""
        finished = await self.service.drain(self.settings.SHUTDOWN_TIMEOUT)
        if not finished:
            log.warning("in-flight work did not finish within %.0fs", self.settings.SHUTDOWN_TIMEOUT)
        self.stopping.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for platform in self.platforms:
            try:
                await platform.stop()
            except Exception:  # noqa: BLE001 - keep stopping the rest
                log.exception("stopping %s failed", platform.name)
        if self._runner is not None:
            await self._runner.cleanup()
        await asyncio.to_thread(self.store.close)
        log.info("stopped")

    def background(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """Run `coroutine` until shutdown."""
        self._tasks.append(asyncio.create_task(coroutine))


def _want_console(settings: Settings) -> bool:
    """On when asked; in auto mode, with no platform and a terminal, pipe or file on stdin."""
    if settings.CONSOLE != "auto":
        return settings.CONSOLE == "on"
    if settings.slack_configured or settings.discord_configured:
        return False
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


async def _console(runtime: Runtime) -> None:
    from bot.console import run_console_async

    if sys.stdin.isatty():
        logging.getLogger("newsbot.commands").setLevel(logging.WARNING)
    await run_console_async(runtime.service)
    runtime.stopping.set()


async def serve(settings: Settings) -> int:
    """Run until SIGTERM/SIGINT (or the console ends); exit code 0 on a clean stop."""
    runtime = Runtime(settings)
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGTERM, signal.SIGINT):
        loop.add_signal_handler(sig, runtime.stopping.set)
    console = _want_console(settings)
    if console and sys.stdin.isatty():  # a hang-up ends a terminal session
        loop.add_signal_handler(signal.SIGHUP, runtime.stopping.set)
    else:  # a service: SIGHUP reloads the content, as daemons do
        loop.add_signal_handler(signal.SIGHUP, lambda: runtime.background(runtime.reloader.reload()))
    try:
        try:
            await runtime.start()
        except StartupError as exc:
            log.error("%s; not starting", exc)
            return 1
        if not runtime.platforms:
            log.info("no platform credentials: serving the HTTP endpoints%s", " and the console" if console else "")
        if console:
            runtime.background(_console(runtime))
        await runtime.stopping.wait()
        log.info("shutting down")
    finally:
        await runtime.stop()
    return 0
