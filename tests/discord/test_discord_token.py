"""A DISCORD_TOKEN that Discord refuses, however the bot finds out (discord.py's login, a post's 401, the
gateway's close code 4004): one ERROR line naming the setting, never the token, no traceback; the platform
is refused and not connected; nothing is sent with the token again."""

from __future__ import annotations

import asyncio
import logging

import pytest
from conftest import config_for
from fakediscord import CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord

from bot.adapters.discord import DiscordPlatform
from bot.core import Answer, Channel
from bot.errors import TokenRefused
from bot.runtime.service import Service

CHANNEL = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
UNAUTHORIZED = (401, {"message": "401: Unauthorized", "code": 0})


def refused_as(code: str) -> str:
    return f"Discord refused DISCORD_TOKEN ({code}): set a valid token and restart newsbot"


def token_lines(caplog: pytest.LogCaptureFixture) -> list[str]:
    """The lines naming DISCORD_TOKEN, each an ERROR; and no traceback, nor the token, anywhere."""
    assert "Traceback" not in caplog.text and TOKEN not in caplog.text
    assert not [r for r in caplog.records if r.exc_info]
    named = [r for r in caplog.records if "DISCORD_TOKEN" in r.getMessage()]
    assert all(r.levelno == logging.ERROR for r in named)
    return [r.getMessage() for r in named]


async def test_a_refused_login_raises_token_refused_with_one_line(fake: FakeDiscord, service: Service, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    fake.refuse_login = True
    platform = DiscordPlatform(config_for(fake), service)
    for _ in range(2):  # tried again (the runtime does not): no second login, no second line
        with pytest.raises(TokenRefused) as raised:
            await platform.start()
        assert str(raised.value) == refused_as("HTTP 401")
    await platform.stop()
    assert platform.refused() == refused_as("HTTP 401") and not platform.connected()
    assert [c.path for c in fake.calls] == ["users/@me"]
    assert token_lines(caplog) == [f"discord login: {refused_as('HTTP 401')}"]


async def test_a_401_on_a_post_refuses_the_token_and_nothing_is_sent_again(
    fake: FakeDiscord, bot: DiscordPlatform, caplog
) -> None:
    fake.post_error = UNAUTHORIZED  # the token was reset while the bot runs
    for _ in range(2):
        with pytest.raises(TokenRefused) as raised:
            await bot.post(CHANNEL, Answer(title="Digest"))
        assert str(raised.value) == refused_as("HTTP 401")
    assert len([c for c in fake.calls if c.path.startswith("channels/")]) == 1
    assert bot.refused() == refused_as("HTTP 401") and not bot.connected()
    assert token_lines(caplog) == [f"discord post: {refused_as('HTTP 401')}"]


async def test_the_gateway_closing_with_4004_refuses_the_token(fake: FakeDiscord, bot: DiscordPlatform, caplog) -> None:
    ended = asyncio.ensure_future(bot.ended())
    await fake.close_gateway(4004, "Authentication failed.")
    await asyncio.wait_for(ended, 5)
    assert bot.refused() == refused_as("gateway close code 4004") and not bot.connected()
    with pytest.raises(TokenRefused):
        await bot.start()
    assert token_lines(caplog) == [f"discord gateway: {refused_as('gateway close code 4004')}"]
    assert "closed for good" not in caplog.text
