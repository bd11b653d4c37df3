"""`newsbot run`: one process, one event loop: platforms, HTTP server, digests, reload and console."""

from __future__ import annotations

import asyncio
import errno
import functools
import logging
import os
import signal
import socket
import stat
import sys
from collections.abc import Coroutine
from typing import Any

from aiohttp import web

from bot.adapters.base import Platform
from bot.content.loader import load_catalog
from bot.core import Core
from bot.core.dispatch import prepare
from bot.errors import SettingsError, StartupError, StoreError
from bot.runtime.digests.desk import Desk
from bot.runtime.feeds.setup import build_poller
from bot.runtime.http import ReadinessCheck, bound_port, build_app, start_server
from bot.runtime.lease import Lease
from bot.runtime.listening import Listener
from bot.runtime.metrics import Metrics
from bot.runtime.platforms import Supervisor, build_platforms, configured
from bot.runtime.reload import ContentReloader, settle_heap
from bot.runtime.service import Service
from bot.runtime.settings import Settings
from bot.store import Store

log = logging.getLogger("newsbot")

PING_TIMEOUT = 2.0
"""Seconds /readyz waits for the database."""


def listen_error(host: str, port: int, exc: OSError) -> str:
    """Which setting to fix when the HTTP server cannot listen, in one line."""
    if isinstance(exc, socket.gaierror):
        return f"HOST: cannot use the address {host!r} ({exc.strerror or exc})"
    if exc.errno == errno.EADDRINUSE:
        return f"PORT: {port} is already in use on {host}; choose another PORT, or 0 for any free port"
    return f"PORT: cannot listen on {host}:{port} ({exc.strerror or exc})"


class Runtime:
    """Everything `newsbot run` starts, and the order it stops them in."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.metrics = Metrics()
        catalog = prepare(load_catalog(settings.CONTENT_DIR, headline=settings.HEADLINE_BENCHMARK))
        settle_heap()
        self.metrics.content_loaded(catalog.version)
        try:
            self.store = Store(settings.DATABASE_URL.get_secret_value())
        except StoreError as exc:
            raise SettingsError(f"DATABASE_URL: {exc}") from None
        self.poller = build_poller(self.store, lambda: self.service.core.catalog, settings, self.metrics)
        self.newsroom = self.poller.newsroom
        self.desk = Desk(
            self.store, default_zone=settings.TZ, top_n=settings.DIGEST_TOP_N, chart=settings.DIGEST_CHART,
            managers=settings.DIGEST_MANAGERS,
            empty=settings.DIGEST_EMPTY, grace=settings.DIGEST_GRACE, news=self.newsroom, metrics=self.metrics,
        )
        self.service = Service(
            Core(catalog, digests=self.desk, charts=settings.CHARTS, news=self.newsroom), self.metrics, self.store
        )
        self.reloader = ContentReloader(settings.CONTENT_DIR, settings.HEADLINE_BENCHMARK, self.service.core, self.metrics)
        self.platforms: list[Platform] = []
        self.listeners: list[Listener] = []
        self.supervisor = Supervisor([], self.metrics, settings.PLATFORM_DOWN_LIMIT)
        self.stopping = asyncio.Event()
        self.port = settings.PORT
        self._runner: web.AppRunner | None = None
        self._tasks: list[asyncio.Task[None]] = []

    def readiness(self) -> list[ReadinessCheck]:
        """Checks for /readyz: content, database (answering within PING_TIMEOUT), each platform."""
        checks: list[ReadinessCheck] = [self._content_ready, self._database_ready]
        return checks + [functools.partial(self.supervisor.readiness, listener) for listener in self.listeners]

    async def _content_ready(self) -> str | None:
        return None if self.service.core.catalog.models else "content has no models"

    async def _database_ready(self) -> str | None:
        try:
            await self.store.run(self.store.ping, timeout=PING_TIMEOUT)
        except StoreError as exc:
            return f"database unreachable: {exc}"
        return None

    async def start(self) -> None:
        """Migrate the database, start the HTTP server, then each platform (a failing one is retried
        in the background while the others serve). Raises StartupError naming the setting to check."""
        log.info("connecting to the %s", self.store)
        try:
            await self.store.upgrade()  # however long: a large table, or another replica migrating
        except StoreError as exc:
            raise StartupError(f"DATABASE_URL: {exc}") from None
        self.poller.start()
        self.platforms = build_platforms(self.settings, self.service)
        self.listeners = [Listener(platform, self._lease(platform), self.metrics) for platform in self.platforms]
        self.supervisor = Supervisor(self.listeners, self.metrics, self.settings.PLATFORM_DOWN_LIMIT)
        routes = [route for platform in self.platforms for route in platform.routes()]
        app = build_app(self.metrics, self.readiness(), routes, liveness=[self.supervisor.unhealthy],
                        notes=[listener.standby for listener in self.listeners])
        try:
            self._runner = await start_server(
                app, self.settings.HOST, self.settings.PORT, shutdown_timeout=self.settings.SHUTDOWN_TIMEOUT
            )
        except OSError as exc:
            raise StartupError(listen_error(self.settings.HOST, self.settings.PORT, exc)) from None
        self.port = bound_port(self._runner)
        log.info("HTTP server on %s:%d (healthz, readyz, metrics)", self.settings.HOST, self.port)
        for listener in self.listeners:
            await self.supervisor.start(listener)
        if self.platforms:
            self.background(self.supervisor.watch())
            platforms = {platform.name: platform for platform in self.platforms}
            await self.desk.start(platforms, lambda: self.service.core.catalog, self.service.work)
        if self.settings.RELOAD:
            self.background(self.reloader.watch(self.stopping))

    def _lease(self, platform: Platform) -> Lease | None:
        """The lease through which replicas take turns listening to `platform`, if only one may at a time."""
        if not platform.exclusive:
            return None
        return Lease(self.store, f"{platform.name}.listen", self.desk.replica, self.settings.LEASE_TIMEOUT)

    async def stop(self) -> None:
        """Graceful stop within SHUTDOWN_TIMEOUT: hand exclusive platforms over to a stand-by, stop
        listening and answer the HTTP requests already received, let other in-flight work finish, then
        close the platforms and the database."""
        deadline = asyncio.get_running_loop().time() + self.settings.SHUTDOWN_TIMEOUT
        await self.supervisor.stop()
        await asyncio.gather(*(listener.hand_over() for listener in self.listeners))
        if self.desk.scheduler is not None:
            self.desk.scheduler.halt()
        await self.poller.stop(self.settings.SHUTDOWN_TIMEOUT / 4)
        if self._runner is not None:
            await self._runner.cleanup()
        remaining = max(0.0, deadline - asyncio.get_running_loop().time())
        if not await self.service.drain(remaining):
            log.warning("in-flight work did not finish within %.0fs", self.settings.SHUTDOWN_TIMEOUT)
        await self.desk.stop(max(0.0, deadline - asyncio.get_running_loop().time()))
        self.stopping.set()
        for task in self._tasks:
            task.cancel()
        await asyncio.gather(*self._tasks, return_exceptions=True)
        for listener in self.listeners:
            try:
                await listener.stop()
            except Exception:  # noqa: BLE001 - keep stopping the rest
                log.exception("stopping %s failed", listener.name)
        self.service.pictures.close()
        self.store.close()
        log.info("stopped")

    def background(self, coroutine: Coroutine[Any, Any, Any]) -> None:
        """Run `coroutine` until shutdown."""
        self._tasks.append(asyncio.create_task(coroutine))


def _want_console(settings: Settings) -> bool:
    """On when asked; in auto mode, with no platform and a terminal, pipe or file on stdin."""
    if settings.CONSOLE != "auto":
        return settings.CONSOLE == "on"
    if configured(settings):
        return False
    try:
        mode = os.fstat(sys.stdin.fileno()).st_mode
    except (OSError, ValueError, AttributeError):
        return False
    return sys.stdin.isatty() or stat.S_ISFIFO(mode) or stat.S_ISREG(mode)


async def _console(runtime: Runtime) -> None:
    from bot.adapters.console import run_console_async

    if sys.stdin.isatty():
        logging.getLogger("newsbot.commands").setLevel(logging.WARNING)
    await run_console_async(runtime.service)
    runtime.stopping.set()


async def _started(runtime: Runtime) -> bool:
    """Start the runtime unless SIGTERM comes first; False if it did."""
    starting = asyncio.create_task(runtime.start())
    stopping = asyncio.create_task(runtime.stopping.wait())
    await asyncio.wait({starting, stopping}, return_when=asyncio.FIRST_COMPLETED)
    stopping.cancel()
    if not starting.done():
        starting.cancel()
        await asyncio.gather(starting, return_exceptions=True)
        return False
    starting.result()
    return True


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
            if not await _started(runtime):
                log.info("stopped while starting")
                return 0
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
