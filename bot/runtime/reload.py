"""Hot content reload: a valid edit replaces the catalog whole; a broken one is refused and logged."""

from __future__ import annotations

import asyncio
import gc
import logging
import time
from pathlib import Path

import watchfiles

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.content.sourcetext import TEXT_SUFFIXES
from bot.core import Core
from bot.core.dispatch import prepare
from bot.errors import ContentError
from bot.runtime.metrics import Metrics

log = logging.getLogger("newsbot.content")


def _is_content(change: watchfiles.Change, path: str) -> bool:
    """A content file: YAML, or a source's text (Markdown or plain text, in any folder below)."""
    return path.lower().endswith((".yaml", ".yml", *TEXT_SUFFIXES))


def settle_heap(collect: bool = True) -> None:
    """Freeze the objects alive now (the catalog above all) out of every later garbage collection.

    A large catalog is millions of long-lived objects; without this, every full collection scans them
    and pauses answers for a tenth of a second or more. Catalogs hold no reference cycles, so one
    replaced on reload is still freed by reference counting. `collect` first clears cyclic garbage, so
    none is frozen; a reload skips it, since a full collection would hold up answers just as long.
    """
    if collect:
        gc.collect()
    gc.freeze()


class ContentReloader:
    """Loads CONTENT_DIR again on change or SIGHUP; answers never see half old, half new content."""

    def __init__(self, directory: Path, headline: str, core: Core, metrics: Metrics) -> None:
        self.directory = directory
        self.headline = headline
        self.core = core
        self.metrics = metrics
        self._lock = asyncio.Lock()

    def _load(self) -> Catalog:
        return prepare(load_catalog(self.directory, headline=self.headline))

    async def reload(self) -> bool:
        """Load and validate off the event loop, then swap the catalog in one assignment."""
        async with self._lock:
            started = time.perf_counter()
            try:
                catalog = await asyncio.to_thread(self._load)
            except ContentError as exc:
                self.metrics.content_reloads.labels("refused").inc()
                self.metrics.content_errors.set(len(exc.problems))
                for problem in exc.problems:
                    log.error("content edit refused: %s", problem)
                log.error("kept serving content version %s", self.core.catalog.version)
                return False
            except OSError as exc:
                self.metrics.content_reloads.labels("refused").inc()
                self.metrics.content_errors.set(1)
                log.error("content reload failed: %s", exc)
                return False
            self.metrics.content_errors.set(0)  # whatever was wrong before has been mended
            if catalog.version == self.core.catalog.version:
                return True
            self.core.use(catalog)
            settle_heap(collect=False)
            self.metrics.content_reloads.labels("ok").inc()
            self.metrics.content_loaded(catalog.version)
            log.info("content reloaded: version %s in %.0f ms", catalog.version, (time.perf_counter() - started) * 1000)
            return True

    async def watch(self, stop: asyncio.Event) -> None:
        """Reload whenever a content file in the directory (or a folder below) changes, until `stop` is set."""
        async for _ in watchfiles.awatch(self.directory, watch_filter=_is_content, stop_event=stop, debounce=300):
            await self.reload()
