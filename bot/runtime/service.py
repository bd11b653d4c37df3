"""Service: the application as adapters see it (bot.adapters.base.Application). Times, logs and counts
every command, decides where it runs, tracks in-flight work, and keeps adapters' small state."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator, Sequence

from bot.core import Answer, Core, Request
from bot.core.answer import Status, problem
from bot.core.chart import Chart
from bot.core.dispatch import command_name
from bot.core.registry import Command
from bot.errors import StoreError
from bot.logfields import capped, quoted
from bot.runtime.metrics import Metrics
from bot.runtime.pictures import Pictures
from bot.store import Store

log = logging.getLogger("newsbot.commands")

SHUTTING_DOWN = problem("newsbot is restarting", Status.ERROR, "Please try again in a few seconds.")
INLINE_RECORDS = 2_000
"""Up to this many models, benchmarks, events and FAQ entries, every command answers in well under a
millisecond (bench/bench_core.py), less than a hop to a worker thread costs; above it, fuzzy searches
can take several, so answers are computed in a thread and the event loop stays free."""


class Service:
    """The core, wrapped with the operational concerns every platform shares."""

    def __init__(self, core: Core, metrics: Metrics | None = None, store: Store | None = None) -> None:
        self.core = core
        self.metrics = metrics or Metrics()
        self.store = store
        self.pictures = Pictures(self.metrics)
        self.accepting = True
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def commands(self) -> Sequence[Command]:
        """The core's commands, in help order."""
        return list(self.core.commands)

    def complete(self, kind: str, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """Autocomplete choices for an option of `kind`."""
        return self.core.complete(kind, text, limit)

    def inline(self) -> bool:
        """Whether answers are cheap enough to compute on the event loop (the one rule, for every platform)."""
        catalog = self.core.catalog
        return len(catalog.models) + len(catalog.benchmarks) + len(catalog.events) + len(catalog.faq) <= INLINE_RECORDS

    def blocking(self, request: Request) -> bool:
        """Whether the request's command waits on the database or a platform (Command.blocking)."""
        command = self.core.commands.get(command_name(request.command))
        return command is not None and command.blocking

    async def answer(self, request: Request, **context: str) -> Answer:
        """`handle(request)`: on the loop when `inline()` and the command is not blocking, else in a
        thread of the default pool (not the store's: a blocking command calls the store itself)."""
        if self.inline() and not self.blocking(request):
            return self.handle(request, **context)
        return await asyncio.to_thread(self.handle, request, **context)

    def handle(self, request: Request, **context: str) -> Answer:
        """Answer `request` now, logging one line (with a request id and `context`) and counting it."""
        if not self.accepting:
            return SHUTTING_DOWN
        started = time.perf_counter()
        answer = self.core.handle(request)
        elapsed = time.perf_counter() - started
        command = self.core.metric_name(request)
        self.metrics.answered(command, request.platform, answer.status.value, elapsed)
        if not log.isEnabledFor(logging.INFO):
            return answer
        fields = {
            "request_id": os.urandom(6).hex(),
            "command": command,
            "platform": request.platform,
            "where": capped(str(request.channel)),
            "outcome": answer.status.value,
            "latency_ms": round(elapsed * 1000, 3),
            **{key: capped(value) for key, value in context.items()},
        }
        log.info(" ".join(f"{k}={quoted(v)}" for k, v in fields.items() if v != ""), extra=fields)
        return answer

    async def picture(self, chart: Chart) -> bytes | None:
        """`chart` as PNG, drawn in the chart thread and cached for the content version being served."""
        return await self.pictures.png(chart, self.core.catalog.version)

    async def recall(self, key: str) -> str | None:
        """A value stored under `key`; None if there is none or the database fails (logged)."""
        if self.store is None:
            return None
        try:
            return await self.store.run(self.store.get_state, key)
        except StoreError as exc:
            logging.getLogger("newsbot").warning("could not read %s from the database: %s", quoted(key), exc)
            return None

    async def remember(self, key: str, value: str) -> None:
        """Store `value` under `key`; a database failure is logged, not raised."""
        if self.store is None:
            return
        try:
            await self.store.run(self.store.set_state, key, value)
        except StoreError as exc:
            logging.getLogger("newsbot").warning("could not store %s in the database: %s", quoted(key), exc)

    @contextlib.asynccontextmanager
    async def work(self) -> AsyncIterator[None]:
        """Mark a block of platform work as in flight, so shutdown waits for it."""
        self._in_flight += 1
        self._idle.clear()
        try:
            yield
        finally:
            self._in_flight -= 1
            if self._in_flight == 0:
                self._idle.set()

    async def drain(self, timeout: float) -> bool:
        """Stop accepting work and wait up to `timeout` s for in-flight work; True if all finished."""
        self.accepting = False
        try:
            await asyncio.wait_for(self._idle.wait(), timeout)
        except TimeoutError:
            return False
        return True
