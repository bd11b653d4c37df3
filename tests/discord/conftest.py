"""Fixtures: the loopback fake Discord, the real Service (core, migrated store), and bots started against the fake."""

from __future__ import annotations

import asyncio
import logging
import warnings
from collections.abc import AsyncIterator, Awaitable, Callable
from pathlib import Path
from typing import Any

import pytest

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    import discord

from bigcontent import write_content
from fakediscord import GUILD_ID, TOKEN, FakeDiscord

from bot.adapters.discord import DiscordConfig, DiscordPlatform, Tuning
from bot.content.loader import load_catalog
from bot.core import Core
from bot.core.chart import Bar, Chart
from bot.render.chart import draw
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service
from bot.store import Store

CONTENT = Path(__file__).resolve().parents[2] / "content"
__all__ = ["Tuning"]
FAST = Tuning(defer_after=1.5, page_timeout=60.0, guild_ready_timeout=0.05)

StartBot = Callable[..., Awaitable[DiscordPlatform]]


class Threaded(Service):
    """A Service that answers every command in a worker thread, as it does on a large catalog."""

    def inline(self) -> bool:
        return False


def config_for(fake: FakeDiscord, **values: Any) -> DiscordConfig:
    """A config that points the bot at the fake (commands sync to the fake's guild by default)."""
    base: dict[str, Any] = {
        "token": TOKEN,
        "api_url": fake.api_url,
        "gateway_url": fake.gateway_url,
        "guild_ids": (GUILD_ID,),
    }
    return DiscordConfig(**{**base, **values})


async def interact(fake: FakeDiscord, payload: dict[str, Any]) -> dict[str, Any]:
    """Write INTERACTION_CREATE on the gateway; return the callback body the bot sent for it."""
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await fake.callback(int(payload["id"]))


async def logged(caplog: pytest.LogCaptureFixture, text: str, timeout: float = 5.0) -> logging.LogRecord:
    """The first captured newsbot log record whose message contains `text`, waiting for it if needed."""

    def found() -> logging.LogRecord | None:
        return next((r for r in caplog.records if r.name.startswith("newsbot") and text in r.getMessage()), None)

    async with asyncio.timeout(timeout):
        while (record := found()) is None:
            await asyncio.sleep(0.01)
    return record


async def until(condition: Callable[[], bool], timeout: float = 10.0) -> None:
    """Return once `condition()` holds, checking every 10 ms (AssertionError after `timeout` seconds)."""
    try:
        async with asyncio.timeout(timeout):
            while not condition():
                await asyncio.sleep(0.01)
    except TimeoutError:
        raise AssertionError(f"still not true after {timeout:g} s: {condition}") from None


def errors(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """newsbot's ERROR records, and any record with a traceback."""
    return [r for r in caplog.records if r.name.startswith("newsbot") and (r.levelno >= logging.ERROR or r.exc_info)]


@pytest.fixture(scope="session", autouse=True)
def warm_charts() -> None:
    """Draw one chart first: importing matplotlib takes about a second, which would make whichever test
    draws the first chart defer its answer (as the bot rightly does for a slow first chart)."""
    draw(Chart(kind="ranking", title="warm-up", bars=(Bar("a", (1.0,), ("1",)),), direction="higher is better"))


@pytest.fixture
def fake_kind() -> type[FakeDiscord]:
    """The fake the `fake` fixture serves: a module may override this with a subclass."""
    return FakeDiscord


@pytest.fixture
async def fake(fake_kind: type[FakeDiscord]) -> AsyncIterator[FakeDiscord]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    server = fake_kind()
    await server.start()
    yield server
    await server.close()
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway


@pytest.fixture
def store(tmp_path: Path) -> Store:
    db = Store(f"sqlite:///{tmp_path / 'bot.db'}")
    db.migrate()
    yield db
    db.close()


@pytest.fixture
def service(store: Store) -> Service:
    return Service(Core(load_catalog(CONTENT)), Metrics(), store)


@pytest.fixture(scope="session")
def big_content(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """45 models (3 pages of /rank), 25 events, 20 FAQ entries."""
    return write_content(tmp_path_factory.mktemp("big"), models=45, benchmarks=2, events=25, faq=20)


@pytest.fixture
async def start_bot(fake: FakeDiscord, service: Service) -> AsyncIterator[StartBot]:
    """Start DiscordPlatforms against the fake (real login, gateway, sync); all are stopped afterwards."""
    started: list[DiscordPlatform] = []

    async def start(
        config: DiscordConfig | None = None, *, tuning: Tuning = FAST, with_service: Service | None = None
    ) -> DiscordPlatform:
        platform = DiscordPlatform(config or config_for(fake), with_service or service, tuning)
        started.append(platform)
        await platform.start()
        await platform.listen()
        await asyncio.wait_for(platform.wait_until_ready(), 5)
        return platform

    yield start
    for platform in started:
        await platform.stop()


@pytest.fixture
async def bot(start_bot: StartBot) -> DiscordPlatform:
    return await start_bot()
