"""Posting an Answer to a channel on the bot's own initiative, through the fake's create-message route:
embeds with mentions off, the thread when there is one, and each refusal mapped to a clear error."""

from __future__ import annotations

import asyncio
import time

import pytest
from conftest import config_for
from fakediscord import CHANNEL_ID, GUILD_ID, THREAD_ID, TOKEN, FakeDiscord, RateLimit

from bot.adapters.discord import DiscordPlatform
from bot.core import Answer, Channel
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited

CHANNEL = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))
ANSWER = Answer(title="Daily digest", lines=("@everyone GPT-5.4 leads",))


def posts(fake: FakeDiscord) -> list:
    return [c for c in fake.calls if c.method == "POST" and c.path.startswith("channels/")]


async def test_a_post_creates_a_message_with_embeds_and_mentions_off(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    await bot.post(CHANNEL, ANSWER)
    (call,) = posts(fake)
    assert call.path == f"channels/{CHANNEL_ID}/messages"
    assert call.body["allowed_mentions"] == {"parse": []}
    assert call.body["embeds"][0]["title"] == "Daily digest"
    assert "@everyone GPT-5.4 leads" in call.body["embeds"][0]["description"]
    assert not call.body.get("content")


async def test_a_post_to_a_thread_goes_to_the_thread(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    await bot.post(Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID), thread=str(THREAD_ID)),
                   ANSWER)
    assert [c.path for c in posts(fake)] == [f"channels/{THREAD_ID}/messages"]


@pytest.mark.parametrize(
    ("status", "code", "message", "error"),
    [
        (404, 10003, "Unknown Channel", ChannelGone),
        (403, 50001, "Missing Access", NoAccess),
        (403, 50013, "Missing Permissions", NoAccess),
        (400, 50006, "Cannot send an empty message", PostError),
    ],
)
async def test_refusals_are_mapped_with_discords_code(
    fake: FakeDiscord, bot: DiscordPlatform, status: int, code: int, message: str, error: type[PostError]
) -> None:
    fake.post_error = (status, {"message": message, "code": code})
    with pytest.raises(PostError) as raised:
        await bot.post(CHANNEL, ANSWER)
    assert type(raised.value) is error
    text = str(raised.value)
    assert f"code {code}" in text and message in text and str(CHANNEL_ID) in text and TOKEN not in text


async def test_discords_long_429_is_rate_limited_at_once(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    fake.rate_limits.append(RateLimit(retry_after=90.5, route="channels/"))  # over max_ratelimit_timeout (30 s)
    started = time.monotonic()
    with pytest.raises(RateLimited) as raised:
        await bot.post(CHANNEL, ANSWER)
    assert time.monotonic() - started < 2 and raised.value.retry_after == 90.5
    assert "retry after 90 s" in str(raised.value) and len(posts(fake)) == 1


async def test_discords_short_429_is_waited_out_by_discord_py(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    fake.rate_limits.append(RateLimit(retry_after=0.05, route="channels/"))
    await bot.post(CHANNEL, ANSWER)
    assert len(posts(fake)) == 2  # the 429, then the message


async def test_a_cloudflare_429_is_rate_limited_with_its_retry_after(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    fake.rate_limits.append(RateLimit(retry_after=120, cloudflare=True, route="channels/"))
    with pytest.raises(RateLimited) as raised:
        await bot.post(CHANNEL, ANSWER)
    assert raised.value.retry_after == 120 and "Cloudflare" in str(raised.value) and len(posts(fake)) == 1


async def test_no_post_without_a_connection(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    unstarted = DiscordPlatform(config_for(fake), bot.app)
    with pytest.raises(PostError, match="not connected"):
        await unstarted.post(CHANNEL, ANSWER)
    await bot.stop()
    with pytest.raises(PostError, match="not connected"):
        await bot.post(CHANNEL, ANSWER)
    assert not posts(fake)


async def test_a_post_in_flight_holds_a_graceful_shutdown(fake: FakeDiscord, bot: DiscordPlatform) -> None:
    fake.rate_limits.append(RateLimit(retry_after=0.3, route="channels/"))
    posting = asyncio.ensure_future(bot.post(CHANNEL, ANSWER))
    await fake.wait_for(lambda c: c.path.startswith("channels/"))
    assert not await bot.app.drain(0.05)  # type: ignore[attr-defined]
    assert await bot.app.drain(5)  # type: ignore[attr-defined]
    await posting
    assert len(posts(fake)) == 2
