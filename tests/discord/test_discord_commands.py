"""/rank, /compare, /faq, /help through discord.py's real gateway, INTERACTION_CREATE parsing and CommandTree."""

from __future__ import annotations

import logging

import pytest

from conftest import interact
from fakediscord import FakeDiscord, slash

from bot.adapters.discord import DiscordPlatform
from bot.core.commands import default_registry

EPHEMERAL = 64


def text_of(embeds: list[dict]) -> str:
    """All visible text of the embeds."""
    parts = []
    for embed in embeds:
        parts += [embed.get("title", ""), embed.get("description", ""), embed.get("footer", {}).get("text", "")]
        parts += [f"{f['name']} {f['value']}" for f in embed.get("fields", [])]
    return "\n".join(parts)


async def test_rank_answers_with_the_ranking_embed_and_mentions_off(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("rank"))
    assert body["type"] == 4
    data = body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    assert not data.get("flags")
    embed = data["embeds"][0]
    assert embed["title"] == "Artificial Analysis Intelligence Index: higher is better"
    rows = [line for line in embed["description"].splitlines() if line[:1].isdigit()]
    assert rows[0].split() [:5] == ["1", "Gemini", "3.1", "Pro", "57"]
    assert rows[1].split()[:3] == ["1", "GPT-5.4", "57"]
    assert "Muse Spark" in rows[3] and "52" in rows[3]
    assert "Source: Meta Muse Spark launch article" in embed["footer"]["text"]
    assert "as of 2026-04-08" in embed["footer"]["text"]
    assert "components" not in data or data["components"] == []


async def test_typed_options_reach_the_core(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("rank", benchmark="healthbench-hard", top=2))
    embed = body["data"]["embeds"][0]
    assert embed["title"].startswith("HealthBench Hard")
    rows = [line for line in embed["description"].splitlines() if line[:1].isdigit()]
    assert len(rows) == 2 and "Muse Spark" in rows[0] and "42.8" in rows[0]


async def test_compare_with_two_models(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("compare", a="muse spark", b="gpt-5.4"))
    text = text_of(body["data"]["embeds"])
    assert body["data"]["embeds"][0]["title"] == "Muse Spark vs GPT-5.4"
    assert "HealthBench Hard" in text and "42.8" in text and "40.1" in text


async def test_unknown_model_is_an_ephemeral_did_you_mean(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("compare", a="gemini", b="gpt-5.44x"))
    data = body["data"]
    assert body["type"] == 4 and data["flags"] == EPHEMERAL
    assert "No model called" in data["embeds"][0]["title"]
    assert "Did you mean" in data["embeds"][0]["description"] and "GPT-5.4" in data["embeds"][0]["description"]


async def test_empty_argument_is_an_ephemeral_usage_hint(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("compare", a="   ", b="gpt"))
    assert body["data"]["flags"] == EPHEMERAL
    assert body["data"]["embeds"][0]["title"] == "Which two models?"


async def test_six_thousand_characters_are_refused_clearly(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("faq", question="why " * 1600))
    data = body["data"]
    assert data["flags"] == EPHEMERAL
    assert data["embeds"][0]["title"] == "That is too long for /faq"
    assert "6,400" in data["embeds"][0]["description"]
    assert sum(len(text_of([e])) for e in data["embeds"]) < 6000


async def test_everyone_in_the_argument_pings_nobody(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("rank", benchmark="@everyone <@&1> <@1400000000000000002> **bold**"))
    data = body["data"]
    assert data["allowed_mentions"] == {"parse": []}
    assert data["flags"] == EPHEMERAL
    title = data["embeds"][0]["title"]
    assert "@everyone" in title and "\\*\\*bold" in title  # echoed, with markdown escaped
    assert "content" not in data or not data["content"]


async def test_help_is_ephemeral_and_lists_every_command(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("help"))
    assert body["data"]["flags"] == EPHEMERAL
    names = [f["name"] for f in body["data"]["embeds"][0]["fields"]]
    assert [n.split()[0] for n in names] == [f"/{c.name}" for c in default_registry()]


async def test_a_stale_command_gets_a_clear_ephemeral_message(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    body = await interact(fake, slash("retired"))
    assert body["type"] == 4 and body["data"]["flags"] == EPHEMERAL
    assert body["data"]["embeds"][0]["title"] == "That command is not available"
    assert "Traceback" not in text_of(body["data"]["embeds"])


async def test_a_gone_channel_is_logged_and_the_bot_keeps_answering(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    fake.callback_error = (404, {"message": "Unknown Channel", "code": 10003})
    lost = slash("rank")
    await fake.dispatch("INTERACTION_CREATE", lost)
    await fake.wait_for(lambda c: c.path.startswith(f"interactions/{lost['id']}/"))
    fake.callback_error = None
    body = await interact(fake, slash("rank", benchmark="gdpval"))
    assert "GPT-5.4" in text_of(body["data"]["embeds"])
    failures = [r for r in caplog.records if r.levelno >= logging.ERROR and r.name.startswith("newsbot")]
    assert failures and "Traceback" not in failures[-1].getMessage()
    assert bot.connected()
