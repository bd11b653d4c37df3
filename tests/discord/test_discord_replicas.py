"""Replicas on Discord. A stand-by (logged in, no gateway) posts through REST, and one login can stop and start
listening again (taking turns through the lease: test_discord_turns.py). Two replicas that both listen (as
they would without the gateway lease): every interaction reaches both. Discord refuses the second answer with 40060, which is one
INFO line with no follow-up; `/digest now` claims the interaction's own slot, so the digest is posted once."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator

import discord
import pytest
from conftest import CONTENT, FAST, StartBot, config_for, interact, logged, until
from fakediscord import CHANNEL_ID, GUILD_ID, autocomplete, slash, with_permissions

from bot.adapters.discord import DiscordPlatform
from bot.content.loader import load_catalog
from bot.core import Answer, Channel, Core
from bot.runtime.digests.desk import Desk
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service
from bot.store import Store
from bot.store.digests import DigestStore
from tests.fakes.discord_replicas import ReplicaDiscord

MANAGE = discord.Permissions(view_channel=True, send_messages=True, manage_channels=True).value
GENERAL = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))


@pytest.fixture
def fake_kind() -> type[ReplicaDiscord]:
    """The conftest's fake, as replicas see it."""
    return ReplicaDiscord


@pytest.fixture
async def replicas(start_bot: StartBot, store: Store, fake: ReplicaDiscord) -> AsyncIterator[list[Desk]]:
    """Two bots on one database, each with its own Service and Desk (its own replica id), both listening."""
    desks = []
    for _ in range(2):
        desk = Desk(store)
        service = Service(Core(load_catalog(CONTENT), digests=desk), Metrics(), store)
        bot = await start_bot(with_service=service)
        await desk.start({"discord": bot}, lambda service=service: service.core.catalog, paused=True)
        desks.append(desk)
    assert len(fake.sessions) == 2
    yield desks
    for desk in desks:
        await desk.stop()


async def both_answered(fake: ReplicaDiscord, interaction: int) -> None:
    """Wait until both replicas have sent their callback for `interaction` (one accepted, one refused)."""
    await fake.wait_for(lambda _: len(fake.callbacks(interaction)) == 2)


def loud(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """Every record at WARNING or above, and any with a traceback, whoever logged it."""
    return [r for r in caplog.records if r.levelno >= logging.WARNING or r.exc_info]


async def test_a_second_answer_is_one_info_line_and_no_follow_up(
    fake: ReplicaDiscord, replicas: list[Desk], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    payload = slash("rank")
    await fake.dispatch("INTERACTION_CREATE", payload)
    interaction = int(payload["id"])
    record = await logged(caplog, f"interaction {interaction} was answered already")
    assert record.levelno == logging.INFO
    assert len(fake.callbacks(interaction)) == 2 and len(fake.acknowledged) == 1
    assert not [c for c in fake.calls if c.path.startswith("webhooks/")]  # no follow-up, no error message
    assert loud(caplog) == []


async def test_a_second_autocomplete_answer_is_one_info_line(
    fake: ReplicaDiscord, replicas: list[Desk], caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.INFO)
    payload = autocomplete("rank", "benchmark", "gdp")
    await fake.dispatch("INTERACTION_CREATE", payload)
    await both_answered(fake, int(payload["id"]))
    async with asyncio.timeout(5):
        while not any("autocomplete was answered already" in r.getMessage() for r in caplog.records):
            await asyncio.sleep(0.01)
    assert loud(caplog) == []


async def test_digest_now_reaching_two_replicas_is_posted_once(
    fake: ReplicaDiscord, replicas: list[Desk], store: Store, caplog: pytest.LogCaptureFixture
) -> None:
    subscribe = with_permissions(slash("digest", action="subscribe", schedule="weekly mon 09:00"), MANAGE)
    await fake.dispatch("INTERACTION_CREATE", subscribe)
    await both_answered(fake, int(subscribe["id"]))
    now = with_permissions(slash("digest", action="now"), MANAGE)
    await fake.dispatch("INTERACTION_CREATE", now)
    await both_answered(fake, int(now["id"]))  # each replica answers after its attempt: posted, or already
    assert len(fake.posts(CHANNEL_ID)) == 1
    [subscription] = DigestStore(store).all()
    [delivery] = DigestStore(store).deliveries(subscription.id)
    assert delivery.state == "posted" and delivery.slot == discord.utils.snowflake_time(int(now["id"]))
    assert [r for r in loud(caplog) if r.name.startswith("newsbot")] == []


async def test_a_stand_by_posts_through_rest_without_a_gateway(fake: ReplicaDiscord, service: Service) -> None:
    platform = DiscordPlatform(config_for(fake), service, FAST)
    await platform.start()  # logged in; not listening
    try:
        assert platform.logged_in() and not platform.connected() and not fake.sessions
        await platform.post(GENERAL, Answer(title="Digest"), key="d1")
    finally:
        await platform.stop()
    [post] = fake.posts(CHANNEL_ID)
    assert post.body["embeds"][0]["title"] == "Digest" and post.body["nonce"] == "d1"


async def test_listening_stops_and_starts_again_on_one_login(fake: ReplicaDiscord, bot: DiscordPlatform) -> None:
    ended = asyncio.ensure_future(bot.ended())
    await bot.stop_listening()
    await fake.wait_for(lambda _: not fake.sessions)
    assert bot.logged_in() and not bot.connected()  # a stand-by: logged in, not listening
    await bot.post(GENERAL, Answer(title="Digest"))
    await bot.listen()
    assert not bot.connected()  # listening, until the gateway session is ready
    await until(bot.connected)
    assert fake.identifies == 2 and len(fake.sessions) == 1
    body = await interact(fake, slash("rank"))
    assert body["type"] == 4 and not ended.done()
    assert len(fake.posts(CHANNEL_ID)) == 1
