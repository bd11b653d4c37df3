"""The Request an interaction becomes: the asker, a structured Channel (guild channel, thread or DM),
whether the asker may manage the channel, and answered on the loop when the application says so."""

from __future__ import annotations

import threading

import discord
import pytest
from conftest import CONTENT, StartBot, interact
from fakediscord import (
    CHANNEL_ID,
    DM_CHANNEL_ID,
    GUILD_ID,
    THREAD_ID,
    USER_ID,
    FakeDiscord,
    in_dm,
    in_thread,
    slash,
    with_permissions,
)

from bot.content.loader import load_catalog
from bot.core import Answer, Core, Request
from bot.core.commands import default_registry
from bot.core.registry import Command
from bot.runtime.service import Service

MANAGE = discord.Permissions(view_channel=True, send_messages=True, manage_channels=True).value


def where(context: object, request: Request) -> Answer:
    """Echoes what the adapter put in the Request, and the thread that answered."""
    channel = request.channel
    parts = (request.user, channel.platform, channel.workspace, channel.channel, channel.thread, request.can_manage)
    return Answer(title=" ".join(str(part) or "-" for part in parts), lines=(threading.current_thread().name,))


@pytest.fixture
async def echo(start_bot: StartBot) -> None:
    registry = default_registry()
    registry.add(Command("where", "Where am I?", "/where", ("/where",), (), where))
    await start_bot(with_service=Service(Core(load_catalog(CONTENT), registry)))


async def echoed(fake: FakeDiscord, payload: dict) -> list[str]:
    embed = (await interact(fake, payload))["data"]["embeds"][0]
    return [*embed["title"].split(), embed["description"]]


async def test_a_guild_channel(fake: FakeDiscord, echo: None) -> None:
    assert await echoed(fake, slash("where")) == [
        str(USER_ID), "discord", str(GUILD_ID), str(CHANNEL_ID), "-", "False", "MainThread"
    ]


async def test_a_thread_is_its_parent_channel_and_the_thread(fake: FakeDiscord, echo: None) -> None:
    assert (await echoed(fake, in_thread(slash("where"))))[2:5] == [str(GUILD_ID), str(CHANNEL_ID), str(THREAD_ID)]


async def test_a_dm_has_no_workspace_and_no_management(fake: FakeDiscord, echo: None) -> None:
    assert (await echoed(fake, in_dm(slash("where"))))[:6] == [
        str(USER_ID), "discord", "-", str(DM_CHANNEL_ID), "-", "False"
    ]


async def test_manage_channels_in_that_channel_lets_the_asker_manage(fake: FakeDiscord, echo: None) -> None:
    assert (await echoed(fake, with_permissions(slash("where"), MANAGE)))[5] == "True"
    assert (await echoed(fake, in_thread(with_permissions(slash("where"), MANAGE))))[5] == "True"
