"""/digest through Discord end to end (the real command, Desk and SQLite store): its choices and default
permission in the synced payload; Manage Channels in the channel decides who may change digests; `now`
posts a channel message while the command waits in a worker thread."""

from __future__ import annotations

import discord
import pytest
from conftest import CONTENT, StartBot, interact
from fakediscord import CHANNEL_ID, GUILD_ID, FakeDiscord, slash, with_permissions

from bot.content.loader import load_catalog
from bot.core import Channel, Core
from bot.runtime.digests.desk import Desk
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service
from bot.store import Store

GENERAL = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
MANAGE = discord.Permissions(view_channel=True, send_messages=True, manage_channels=True).value
EPHEMERAL = 64


@pytest.fixture
async def desk(start_bot: StartBot, store: Store) -> Desk:
    desk = Desk(store)
    service = Service(Core(load_catalog(CONTENT), digests=desk), Metrics(), store)
    bot = await start_bot(with_service=service)
    await desk.start({"discord": bot}, lambda: service.core.catalog, paused=True)
    yield desk
    await desk.stop()


async def test_digest_payload_has_choices_and_manage_channels(fake: FakeDiscord, desk: Desk) -> None:
    command = next(c for c in fake.sync_calls()[-1].body if c["name"] == "digest")
    assert command["default_member_permissions"] == 16
    action = next(o for o in command["options"] if o["name"] == "action")
    assert [c["value"] for c in action["choices"]][:2] == ["subscribe", "unsubscribe"]


async def test_without_manage_channels_a_member_is_refused(fake: FakeDiscord, desk: Desk) -> None:
    body = await interact(fake, slash("digest", action="subscribe", schedule="daily 09:00"))
    assert body["data"]["flags"] == EPHEMERAL and "Manage Channels" in str(body["data"]["embeds"])
    assert desk.find(GENERAL) is None


async def test_a_manager_subscribes_then_posts_now(fake: FakeDiscord, desk: Desk) -> None:
    subscribe = slash("digest", action="subscribe", schedule="weekly mon 09:00")
    body = await interact(fake, with_permissions(subscribe, MANAGE))
    assert body["type"] == 4 and "Next digest" in str(body["data"]["embeds"])
    assert desk.find(GENERAL).created_by  # type: ignore[union-attr]
    body = await interact(fake, with_permissions(slash("digest", action="now"), MANAGE))
    assert body["data"]["flags"] == EPHEMERAL and "Posted" in body["data"]["embeds"][0]["title"]
    [post] = [c for c in fake.calls if c.method == "POST" and c.path == f"channels/{CHANNEL_ID}/messages"]
    assert post.body["embeds"] and post.body["allowed_mentions"] == {"parse": []}
