"""The gateway survives an event discord.py cannot parse; a gateway that ends for good says so, and starts afresh."""

from __future__ import annotations

import asyncio
import logging

import pytest
from conftest import interact, logged
from fakediscord import TOKEN, FakeDiscord, slash

from bot.adapters.discord import DiscordPlatform


async def test_an_interaction_discord_py_cannot_parse_is_skipped_and_the_next_is_answered(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG, logger="newsbot")
    broken = slash("rank")
    del broken["attachment_size_limit"]  # as in the example interaction of Discord's docs: KeyError in discord.py
    await fake.dispatch("INTERACTION_CREATE", broken)
    record = await logged(caplog, "INTERACTION_CREATE")
    assert record.levelno == logging.ERROR and "KeyError" in record.getMessage() and record.exc_info is None

    body = await interact(fake, slash("rank", benchmark="gdpval"))
    assert body["type"] == 4 and bot.connected()
    assert not [c for c in fake.calls if broken["id"] in c.path]  # the broken one is skipped, not half-answered
    logs = caplog.text + "".join(r.getMessage() for r in caplog.records)
    assert TOKEN not in logs and broken["token"] not in logs


async def test_ended_waits_through_reconnects_then_start_connects_afresh(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    ended = asyncio.ensure_future(bot.ended())
    await fake.ask_reconnect()  # discord.py resumes by itself: not an end
    async with asyncio.timeout(5):
        while fake.resumes == 0:
            await asyncio.sleep(0.01)
    await interact(fake, slash("help"))
    assert not ended.done()

    await fake.close_gateway(4013, "Invalid intent(s).")  # discord.py does not reconnect from this
    await asyncio.wait_for(ended, 5)
    assert not bot.connected() and bot.refused() is None
    assert "code 4013" in (await logged(caplog, "closed for good")).getMessage()

    await bot.start()
    await bot.listen()
    await asyncio.wait_for(bot.wait_until_ready(), 5)
    assert fake.identifies == 2
    body = await interact(fake, slash("rank"))
    assert body["type"] == 4 and bot.connected()


async def test_ended_returns_once_stopped(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    ended = asyncio.ensure_future(bot.ended())
    await bot.stop()
    await asyncio.wait_for(ended, 5)
