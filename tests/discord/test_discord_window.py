"""The first response within Discord's 3 s window: late interactions deferred at once, Discord's and
Cloudflare's 429s waited out only while the window is open, and no traceback for any of them."""

from __future__ import annotations

import pytest
from conftest import StartBot, Tuning, errors, interact, logged
from fakediscord import OTHER_USER_ID, FakeDiscord, RateLimit, button, slash, snowflake

from bot.adapters.discord import DiscordPlatform
from bot.content.loader import load_catalog
from bot.core import Core
from bot.runtime.service import Service


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


async def test_a_cloudflare_429_is_waited_out_within_the_window(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    fake.rate_limits.append(RateLimit(retry_after=1, cloudflare=True))
    payload = slash("rank")
    await fake.dispatch("INTERACTION_CREATE", payload)
    first = await fake.wait_for(lambda c: payload["token"] in c.path)
    retried = await fake.wait_for(lambda c: payload["token"] in c.path, after=fake.calls.index(first) + 1)
    assert retried.body["type"] == 4
    assert retried.body["data"]["embeds"][0]["title"].startswith("Artificial Analysis Intelligence Index")
    record = await logged(caplog, "Cloudflare rate-limited the bot")
    assert "retry after 1 s" in record.getMessage() and not errors(caplog)


async def test_a_cloudflare_ban_longer_than_the_window_is_one_warning_and_no_more_requests(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    fake.rate_limits.append(RateLimit(retry_after=3600, cloudflare=True))
    payload = slash("rank")
    await fake.dispatch("INTERACTION_CREATE", payload)
    record = await logged(caplog, "window")
    assert "Cloudflare rate-limited the bot" in record.getMessage() and "retry after 3600 s" in record.getMessage()
    assert len(sent_for(payload, fake)) == 1 and not errors(caplog)
    assert (await interact(fake, slash("rank")))["type"] == 4


async def test_a_cloudflare_429_on_the_follow_up_is_one_warning(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture
) -> None:
    fake.rate_limits.append(RateLimit(retry_after=60, cloudflare=True, route="webhooks/"))
    payload = slash("rank")
    payload["id"] = str(snowflake(age=2.0))  # deferred at once, so the answer goes by follow-up
    assert (await interact(fake, payload))["type"] == 5
    record = await logged(caplog, "failed")
    assert "Cloudflare rate-limited the bot" in record.getMessage() and "/rank" in record.getMessage()
    assert len(sent_for(payload, fake)) == 2 and not errors(caplog)  # no "Something went wrong" into the ban



async def test_a_cloudflare_429_on_a_page_button_is_one_warning(
    fake: FakeDiscord, start_bot: StartBot, big_content, caplog: pytest.LogCaptureFixture
) -> None:
    await start_bot(with_service=Service(Core(load_catalog(big_content))))
    ranked = slash("rank", benchmark="b0")
    data = (await interact(fake, ranked))["data"]
    following = data["components"][0]["components"][1]["custom_id"]
    fake.rate_limits.append(RateLimit(retry_after=60, cloudflare=True))
    press = button(fake.messages[fake.originals[ranked["token"]]], following, user_id=OTHER_USER_ID)
    await fake.dispatch("INTERACTION_CREATE", press)
    record = await logged(caplog, "page turn")
    assert "Cloudflare rate-limited the bot" in record.getMessage() and not errors(caplog)
