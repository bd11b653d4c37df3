"""Autocomplete answers, the command payloads Discord receives, and sync only when the set changed."""

from __future__ import annotations

import logging

import pytest
from conftest import CONTENT, StartBot, config_for, interact
from fakediscord import APP_ID, CHANNEL_ID, GUILD_ID, TOKEN, FakeDiscord, autocomplete, slash

from bot.adapters.discord import DiscordPlatform
from bot.content.loader import load_catalog
from bot.core import Answer, Core
from bot.core.commands import default_registry
from bot.core.registry import Command, Option
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service
from bot.store import Store


async def test_autocomplete_is_fuzzy_and_at_most_25(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, autocomplete("rank", "benchmark", "helth"))
    assert body["type"] == 8
    choices = body["data"]["choices"]
    assert 1 <= len(choices) <= 25
    assert choices[0] == {"name": "HealthBench Hard", "value": "healthbench-hard"}


async def test_model_autocomplete_and_empty_text(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, autocomplete("compare", "b", "opsu", a="gemini"))
    assert {"name": "Claude Opus 4.6", "value": "claude-opus-4.6"} in body["data"]["choices"]
    body = await interact(fake, autocomplete("compare", "a", ""))
    assert len(body["data"]["choices"]) == 7  # every model, none typed yet


async def test_autocomplete_on_a_large_catalog_stops_at_25(fake: FakeDiscord, start_bot: StartBot, big_content) -> None:
    await start_bot(with_service=Service(Core(load_catalog(big_content))))
    body = await interact(fake, autocomplete("compare", "a", ""))
    assert len(body["data"]["choices"]) == 25  # 45 models, capped at Discord's 25
    body = await interact(fake, autocomplete("compare", "a", "nova"))
    assert [c["name"].split()[0] for c in body["data"]["choices"][:5]] == ["Nova"] * 5
    body = await interact(fake, autocomplete("faq", "question", "how does nova do"))
    choices = body["data"]["choices"]
    assert 1 <= len(choices) <= 25 and choices[0]["value"].startswith("q")
    assert all(len(c["name"]) <= 100 and len(c["value"]) <= 100 for c in choices)


async def test_a_value_never_suggested_still_works(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("rank", benchmark="health bench HARD"))
    assert body["data"]["embeds"][0]["title"].startswith("HealthBench Hard")


async def test_commands_are_built_from_the_registry(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    (put,) = fake.sync_calls()
    assert put.path == f"applications/{APP_ID}/guilds/{GUILD_ID}/commands"
    commands = {c["name"]: c for c in put.body}
    registered = list(default_registry())
    assert list(commands) == [c.name for c in registered]
    assert {"rank", "compare", "timeline", "faq", "help"} <= commands.keys()
    for command in registered:  # commands for managers are shown to members with Manage Channels by default
        assert commands[command.name]["default_member_permissions"] == (16 if command.for_managers else None)
    rank = {o["name"]: o for o in commands["rank"]["options"]}
    assert rank["benchmark"]["type"] == 3 and rank["benchmark"]["autocomplete"] is True
    assert rank["benchmark"]["description"] == "Benchmark name or alias"
    assert rank["top"]["type"] == 4 and (rank["top"]["min_value"], rank["top"]["max_value"]) == (1, 1000)
    assert not rank["top"].get("required") and not rank["benchmark"].get("required")
    compare = commands["compare"]["options"]
    assert [(o["name"], o.get("required", False), o.get("autocomplete", False)) for o in compare] == [
        ("a", True, True), ("b", True, True), ("chart", False, False)
    ]
    assert rank["chart"]["type"] == 5 and compare[2]["type"] == 5  # booleans
    assert not commands["timeline"]["options"][0].get("autocomplete")
    assert commands["help"].get("options", []) == []


async def test_sync_once_then_only_when_the_set_changes(fake: FakeDiscord, start_bot: StartBot) -> None:
    first = await start_bot()
    assert first.synced == [str(GUILD_ID)] and len(fake.sync_calls()) == 1
    await first.stop()
    second = await start_bot()
    assert second.synced == [] and len(fake.sync_calls()) == 1
    await second.stop()

    registry = default_registry()
    registry.add(Command("ping", "Answers pong.", "/ping", ("/ping",),
                         (Option("loud", "Shout it", kind="integer", min_value=1, max_value=3),),
                         lambda context, request: Answer(title="pong")))
    changed = await start_bot(with_service=Service(Core(load_catalog(CONTENT), registry)))
    assert changed.synced == [str(GUILD_ID)] and len(fake.sync_calls()) == 2
    assert "ping" in [c["name"] for c in fake.sync_calls()[-1].body]
    body = await interact(fake, slash("ping", loud=2))  # the new command works with no adapter change
    assert body["data"]["embeds"][0]["title"] == "pong"


async def test_a_failing_database_syncs_anyway(
    caplog: pytest.LogCaptureFixture, fake: FakeDiscord, start_bot: StartBot, tmp_path
) -> None:
    unmigrated = Store(f"sqlite:///{tmp_path / 'empty.db'}")  # no bot_state table: every read and write fails
    try:
        bot = await start_bot(with_service=Service(Core(load_catalog(CONTENT)), Metrics(), unmigrated))
        assert bot.synced == [str(GUILD_ID)] and len(fake.sync_calls()) == 1
    finally:
        unmigrated.close()
    warnings = [r.getMessage() for r in caplog.records if r.levelno == logging.WARNING and "database" in r.getMessage()]
    assert len(warnings) == 2 and "discord.sync." in warnings[0]
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]


async def test_global_sync_without_guild_ids(fake: FakeDiscord, start_bot: StartBot) -> None:
    await start_bot(config_for(fake, guild_ids=()))
    (put,) = fake.sync_calls()
    assert put.path == f"applications/{APP_ID}/commands"


async def test_invite_url_is_logged_when_in_no_guild(
    caplog: pytest.LogCaptureFixture, fake: FakeDiscord, start_bot: StartBot
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.guilds = ()
    await start_bot(config_for(fake, guild_ids=()))
    invites = [r.getMessage() for r in caplog.records if "invite it with" in r.getMessage()]
    assert len(invites) == 1
    url = invites[0].split(": ", 1)[1]
    assert url.startswith(f"https://discord.com/oauth2/authorize?client_id={APP_ID}")
    assert "scope=bot+applications.commands" in url and "permissions=0" in url
    assert TOKEN not in caplog.text


async def test_interactions_are_logged_with_guild_channel_outcome_latency(
    caplog: pytest.LogCaptureFixture, fake: FakeDiscord, bot: DiscordPlatform
) -> None:
    caplog.set_level(logging.DEBUG)
    await interact(fake, slash("compare", a="gemini", b="nope-nope"))
    (line,) = [r for r in caplog.records if r.name == "newsbot.commands"]
    assert (line.command, line.platform, line.outcome) == ("compare", "discord", "not_found")
    assert (line.guild, line.channel) == (str(GUILD_ID), str(CHANNEL_ID))
    assert float(line.latency_ms) >= 0 and int(line.age_ms) >= 0
    assert TOKEN not in caplog.text
