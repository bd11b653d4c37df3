"""Service: what adapters call. Times, logs and counts every command; tracks in-flight work."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import os
import time
from collections.abc import AsyncIterator

from bot.core import Answer, Core, Request
from bot.core.answer import Status, problem
from bot.logfields import capped, quoted
from bot.runtime.metrics import Metrics

log = logging.getLogger("newsbot.commands")

SHUTTING_DOWN = problem(
    "newsbot is restarting", Status.ERROR, "Please try again in a few seconds."
)


class Service:
    """The core, wrapped with the operational concerns every platform shares."""

    def __init__(self, core: Core, metrics: Metrics | None = None) -> None:
        self.core = core
        self.metrics = metrics or Metrics()
        self.accepting = True
        self._in_flight = 0
        self._idle = asyncio.Event()
        self._idle.set()

    def answer(self, request: Request, **context: str) -> Answer:
        """Answer `request`, logging one line (with a request id and `context`) and counting it."""
        if not self.accepting:
            return SHUTTING_DOWN
        started = time.perf_counter()
        answer = self.core.handle(request)
        elapsed = time.perf_counter() - started
        command = self.core.metric_name(request)
        self.metrics.commands.labels(command, request.platform, answer.status.value).inc()
        self.metrics.latency.labels(command, request.platform).observe(elapsed)
        if not log.isEnabledFor(logging.INFO):
            return answer
        fields = {
            "request_id": os.urandom(6).hex(),
            "command": command,
            "platform": request.platform,
            "where": capped(request.where),
            "outcome": answer.status.value,
            "latency_ms": round(elapsed * 1000, 3),
            **{key: capped(value) for key, value in context.items()},
        }
        log.info(" ".join(f"{k}={quoted(v)}" for k, v in fields.items() if v != ""), extra=fields)
        return answer

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
