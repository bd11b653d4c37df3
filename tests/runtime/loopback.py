"""The `fakes` fixture: the loopback fake Slack and fake Discord running together, for a runtime with both
platforms (discord.py's endpoints, which the bot points at the fake, are put back afterwards)."""

from __future__ import annotations

import warnings
from collections.abc import AsyncIterator

import pytest

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    import discord

from tests.discord.fakediscord import FakeDiscord
from tests.slack.slack_fakes import FakeSlack


@pytest.fixture
async def fakes() -> AsyncIterator[tuple[FakeSlack, FakeDiscord]]:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    slack, fake_discord = FakeSlack(), FakeDiscord()
    await slack.server.start_server()
    await fake_discord.start()
    yield slack, fake_discord
    await fake_discord.close()
    await slack.server.close()
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
