"""The first response within Discord's 3 s window: late interactions deferred at once, Discord's 429s
waited out only while the window is open, and no traceback for them."""

from __future__ import annotations

import pytest
from conftest import StartBot, Tuning, errors, interact, logged
from fakediscord import FakeDiscord, RateLimit, slash, snowflake

from bot.adapters.discord import DiscordPlatform


def sent_for(payload: dict, fake: FakeDiscord) -> list:
    """The requests the bot sent with this interaction's token (callback, follow-ups)."""
    return [c for c in fake.calls if payload["token"] in c.path]


async def test_an_interaction_that_arrives_late_is_deferred_at_once(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    payload = slash("rank")
    payload["id"] = str(snowflake(age=2.0))  # Discord created it 2 s ago: only 1 s of its window is left
    body = await interact(fake, payload)
    assert body["type"] == 5
    followup = await fake.wait_for(lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
    assert followup.body["embeds"][0]["title"].startswith("Artificial Analysis Intelligence Index")


async def test_a_429_that_would_end_past_the_window_is_given_up_with_one_warning(
    fake: FakeDiscord, start_bot: StartBot, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(tuning=Tuning(defer_after=0.25, window=0.5, guild_ready_timeout=0.05))
    fake.rate_limits.append(RateLimit(retry_after=30.0))  # discord.py would wait 30 s, then retry
    payload = slash("rank")
    await fake.dispatch("INTERACTION_CREATE", payload)
    record = await logged(caplog, "window")
    assert f"interaction {payload['id']} got no answer" in record.getMessage()
    assert len(sent_for(payload, fake)) == 1 and not errors(caplog)
    body = await interact(fake, slash("rank"))
    assert body["type"] == 4
