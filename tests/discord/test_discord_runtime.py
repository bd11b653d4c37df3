"""End to end: the real runtime (`newsbot run`'s Runtime) logs in to the fake, syncs, answers /rank, stops."""

from __future__ import annotations

import asyncio
from pathlib import Path

import aiohttp
from conftest import CONTENT, interact
from fakediscord import APP_ID, GUILD_ID, TOKEN, FakeDiscord, slash

from bot.runtime.run import Runtime
from bot.runtime.settings import Settings


async def metrics(http: aiohttp.ClientSession, runtime: Runtime) -> str:
    async with http.get(f"http://127.0.0.1:{runtime.port}/metrics") as response:
        return await response.text()


async def test_runtime_answers_rank_from_discord(fake: FakeDiscord, tmp_path: Path) -> None:
    settings = Settings(
        DISCORD_TOKEN=TOKEN,
        DISCORD_API_URL=fake.api_url,
        DISCORD_GATEWAY_URL=fake.gateway_url,
        DISCORD_GUILD_IDS=str(GUILD_ID),
        PORT=0,
        DATABASE_URL=f"sqlite:///{tmp_path / 'newsbot.db'}",
        CONTENT_DIR=CONTENT,
        CONSOLE="off",
    )
    runtime = Runtime(settings)
    await runtime.start()
    try:
        (platform,) = runtime.platforms
        await asyncio.wait_for(platform.wait_until_ready(), 5)  # type: ignore[attr-defined]
        assert [c.path for c in fake.sync_calls()] == [f"applications/{APP_ID}/guilds/{GUILD_ID}/commands"]

        body = await interact(fake, slash("rank", benchmark="intelligence index"))
        assert body["type"] == 4
        assert body["data"]["allowed_mentions"] == {"parse": []}
        embed = body["data"]["embeds"][0]
        assert embed["title"] == "Artificial Analysis Intelligence Index: higher is better"
        assert "Gemini 3.1 Pro    57" in embed["description"] and "GPT-5.4           57" in embed["description"]
        assert "as of 2026-04-08" in embed["footer"]["text"]

        async with aiohttp.ClientSession() as http:
            async with http.get(f"http://127.0.0.1:{runtime.port}/readyz") as ready:
                assert ready.status == 200
            async with asyncio.timeout(10):  # the supervisor's watch sets the gauge, once a second
                while 'newsbot_platform_connected{platform="discord"} 1.0' not in (text := await metrics(http, runtime)):
                    await asyncio.sleep(0.05)
        assert 'newsbot_commands_total{command="rank",outcome="ok",platform="discord"} 1.0' in text
    finally:
        await runtime.stop()
    assert not platform.connected()

