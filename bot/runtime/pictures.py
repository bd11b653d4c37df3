"""Pictures: charts drawn to PNG in one worker thread, each distinct chart once per content version."""

from __future__ import annotations

import asyncio
import logging
import time
from collections import OrderedDict
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor

from bot.core.chart import Chart
from bot.runtime.metrics import Metrics

log = logging.getLogger("newsbot.charts")

CACHED = 64
"""Distinct charts kept (a PNG is some tens of KB)."""


class Pictures:
    """Draws charts off the event loop, in a thread of its own (matplotlib is imported there, on the
    first chart), and remembers each PNG until the content version changes. `draw` defaults to
    bot.render.chart.draw."""

    def __init__(
        self, metrics: Metrics | None = None, size: int = CACHED, draw: Callable[[Chart], bytes] | None = None
    ) -> None:
        self.metrics = metrics
        self.size = size
        self._draw = draw or _draw
        self._executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="newsbot-chart")
        self._cache: OrderedDict[Chart, bytes] = OrderedDict()
        self._version = ""

    async def png(self, chart: Chart, version: str) -> bytes | None:
        """The PNG of `chart` drawn for content `version`; None if drawing failed (logged)."""
        if version != self._version:
            self._cache.clear()
            self._version = version
        cached = self._cache.get(chart)
        if cached is not None:
            self._cache.move_to_end(chart)
            self._count("cached")
            return cached
        started = time.perf_counter()
        try:
            image = await asyncio.get_running_loop().run_in_executor(self._executor, self._draw, chart)
        except Exception:  # noqa: BLE001 - the text answer still goes out; the log has the traceback
            log.exception("could not draw the chart %r", chart.title[:80])
            self._count("failed")
            return None
        log.debug("chart %r drawn in %.0f ms", chart.title[:80], (time.perf_counter() - started) * 1000)
        self._count("drawn")
        if version == self._version:
            self._cache[chart] = image
            while len(self._cache) > self.size:
                self._cache.popitem(last=False)
        return image

    def _count(self, result: str) -> None:
        if self.metrics is not None:
            self.metrics.charts.labels(result).inc()

    def close(self) -> None:
        """Stop the drawing thread (a chart being drawn is finished first)."""
        self._executor.shutdown(wait=False, cancel_futures=True)


def _draw(chart: Chart) -> bytes:
    from bot.render.chart import draw

    return draw(chart)
