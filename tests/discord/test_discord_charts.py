"""Charts on Discord through discord.py's real gateway, CommandTree and multipart uploads, with the real
Service drawing with matplotlib: the PNG attached and shown inside the first embed, the text answer
alone when there is no picture or Discord refuses the upload, deferral while a chart is drawn, page
turns that keep the chart, and posts that carry it."""

from __future__ import annotations

import asyncio
import logging
from pathlib import Path
from typing import Any

import pytest
from conftest import CONTENT, StartBot, Tuning, errors, interact, logged
from tests.discord.fake_attachments import PNG, Upload
from fakediscord import CHANNEL_ID, GUILD_ID, Call, FakeDiscord, button, slash

from bot.adapters.discord import DiscordPlatform
from bot.content.loader import load_catalog
from bot.core import Channel, Core, Request
from bot.core.chart import Chart
from bot.errors import ChannelGone
from bot.runtime.service import Service
from bot.store import Store

IMAGE = "attachment://chart.png"
RANK_TITLE = "Artificial Analysis Intelligence Index"
SLOW = Tuning(defer_after=0.1, page_timeout=60.0, guild_ready_timeout=0.05)
GENERAL = Channel(platform="discord", workspace=str(GUILD_ID), channel=str(CHANNEL_ID))


class NoPictures(Service):
    """A Service whose drawing always fails (Service.picture returns None then)."""

    async def picture(self, chart: Chart) -> bytes | None:
        return None


class SlowPictures(Service):
    """A Service that takes longer than defer_after to draw each chart (as a first chart, importing matplotlib)."""

    async def picture(self, chart: Chart) -> bytes | None:
        await asyncio.sleep(0.5)
        return await super().picture(chart)


def sent_for(fake: FakeDiscord, payload: dict[str, Any]) -> list[Call]:
    """The requests the bot sent with this interaction's token (callbacks, follow-ups, edits)."""
    return [c for c in fake.calls if payload["token"] in c.path]


def chart_of(call: Call, alt: str) -> Upload:
    """The one file `call` uploaded: a PNG named chart.png with `alt` as its alt text, shown in the first embed."""
    [upload] = call.files
    data = call.body.get("data", call.body)  # an interaction callback wraps the message in 'data'
    assert (upload.field, upload.filename, upload.data[:8]) == ("files[0]", "chart.png", PNG)
    assert data["attachments"] == [{"id": 0, "filename": "chart.png", "description": alt}]
    assert data["embeds"][0]["image"]["url"] == IMAGE
    assert all("image" not in embed for embed in data["embeds"][1:])
    return upload


def text_only(data: dict[str, Any]) -> None:
    """`data` (a message) carries no chart: no file and no image."""
    assert not data.get("attachments")
    assert all("image" not in embed for embed in data["embeds"])


@pytest.mark.parametrize(
    ("command", "options", "alt"),
    [
        ("rank", {}, RANK_TITLE),
        ("rank", {"chart": True}, RANK_TITLE),
        ("compare", {"a": "GPT-5.4", "b": "Claude Opus 4.6"}, "GPT-5.4 vs Claude Opus 4.6"),
    ],
    ids=["rank", "rank-chart-true", "compare"],
)
async def test_the_chart_is_attached_and_shown_in_the_first_embed(
    fake: FakeDiscord, bot: DiscordPlatform, command: str, options: dict[str, Any], alt: str
) -> None:
    payload = slash(command, **options)  # made now: its snowflake says when Discord created it
    body = await interact(fake, payload)
    assert body["type"] == 4 and body["data"]["embeds"][0]["title"].startswith(alt)
    [callback] = sent_for(fake, payload)
    assert len(chart_of(callback, alt).data) > 1000


@pytest.mark.parametrize(
    ("command", "options"), [("rank", {"chart": False}), ("faq", {})], ids=["rank-chart-false", "faq"]
)
async def test_no_chart_when_declined_or_nothing_to_plot(
    fake: FakeDiscord, bot: DiscordPlatform, command: str, options: dict[str, Any]
) -> None:
    payload = slash(command, **options)
    body = await interact(fake, payload)
    assert body["type"] == 4 and body["data"]["embeds"][0]["title"]
    assert not sent_for(fake, payload)[0].files
    text_only(body["data"])


async def test_a_failed_picture_leaves_the_text_answer(fake: FakeDiscord, start_bot: StartBot, store: Store) -> None:
    await start_bot(with_service=NoPictures(Core(load_catalog(CONTENT)), store=store))
    payload = slash("rank")
    body = await interact(fake, payload)
    assert body["type"] == 4 and body["data"]["embeds"][0]["title"].startswith(RANK_TITLE)
    assert not sent_for(fake, payload)[0].files
    text_only(body["data"])


@pytest.mark.parametrize(("status", "code"), [(413, 40005), (400, 40005), (400, 50035)])
async def test_a_refused_upload_sends_the_text_answer_with_one_warning(
    fake: FakeDiscord, bot: DiscordPlatform, caplog: pytest.LogCaptureFixture, status: int, code: int
) -> None:
    fake.upload_error = (status, {"message": "Request entity too large", "code": code})
    payload = slash("rank")
    await fake.dispatch("INTERACTION_CREATE", payload)
    record = await logged(caplog, "refused the chart")
    retried = await fake.wait_for(lambda c: payload["token"] in c.path and not c.files)
    refused, again = sent_for(fake, payload)
    chart_of(refused, RANK_TITLE)
    assert again is retried and again.body["type"] == 4
    assert again.body["data"]["embeds"][0]["title"].startswith(RANK_TITLE)
    text_only(again.body["data"])
    assert record.levelno == logging.WARNING and f"HTTP {status}, code {code}" in record.getMessage()
    assert f"interaction {payload['id']}" in record.getMessage() and not errors(caplog)


async def test_a_slow_picture_is_drawn_after_a_deferral(fake: FakeDiscord, start_bot: StartBot, store: Store) -> None:
    await start_bot(with_service=SlowPictures(Core(load_catalog(CONTENT)), store=store), tuning=SLOW)
    payload = slash("rank")
    assert (await interact(fake, payload))["type"] == 5  # deferred while the chart was drawn
    followup = await fake.wait_for(lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
    assert followup.body["embeds"][0]["title"].startswith(RANK_TITLE)
    chart_of(followup, RANK_TITLE)


async def test_turning_a_page_keeps_the_chart(fake: FakeDiscord, start_bot: StartBot, big_content: Path) -> None:
    await start_bot(with_service=Service(Core(load_catalog(big_content))))
    payload = slash("rank", benchmark="b0")
    data = (await interact(fake, payload))["data"]
    first = chart_of(sent_for(fake, payload)[0], "MathBench 1")
    following = data["components"][0]["components"][1]["custom_id"]
    press = button(fake.messages[fake.originals[payload["token"]]], following)
    body = await interact(fake, press)
    assert body["type"] == 7 and body["data"]["embeds"][-1]["footer"]["text"].endswith("Page 2 of 3")
    # attached again as the message's only attachment: the first one is replaced, not kept beside it
    assert chart_of(sent_for(fake, press)[0], "MathBench 1").data == first.data


async def test_a_deferred_page_turn_keeps_the_chart(fake: FakeDiscord, start_bot: StartBot, big_content: Path) -> None:
    await start_bot(with_service=SlowPictures(Core(load_catalog(big_content))), tuning=SLOW)
    payload = slash("rank", benchmark="b0")
    assert (await interact(fake, payload))["type"] == 5
    followup = await fake.wait_for(lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
    chart_of(followup, "MathBench 1")
    message = next(m for m in reversed(fake.messages.values()) if m["embeds"] == followup.body["embeds"])
    press = button(message, followup.body["components"][0]["components"][1]["custom_id"])
    assert (await interact(fake, press))["type"] == 6  # deferred update while the chart was drawn
    edit = await fake.wait_for(lambda c: c.method == "PATCH" and press["token"] in c.path)
    assert edit.path.endswith("/messages/@original")
    assert edit.body["embeds"][-1]["footer"]["text"].endswith("Page 2 of 3")
    chart_of(edit, "MathBench 1")


@pytest.mark.parametrize("refused", [False, True], ids=["attached", "refused"])
async def test_a_post_carries_the_chart(
    fake: FakeDiscord, bot: DiscordPlatform, service: Service, caplog: pytest.LogCaptureFixture, refused: bool
) -> None:
    answer = service.core.handle(Request(command="rank", channel=GENERAL, pictures="inline"))
    assert answer.chart is not None
    if refused:
        fake.upload_error = (403, {"message": "Missing Permissions", "code": 50013})
    await bot.post(GENERAL, answer, key="digest-1")
    posts = [c for c in fake.calls if c.method == "POST" and c.path == f"channels/{CHANNEL_ID}/messages"]
    chart_of(posts[0], RANK_TITLE)
    assert all(p.body["nonce"] == "digest-1" and p.body["enforce_nonce"] is True for p in posts)
    assert all(p.body["allowed_mentions"] == {"parse": []} for p in posts)
    if refused:
        assert len(posts) == 2 and not posts[1].files
        text_only(posts[1].body)
        record = await logged(caplog, "refused the chart")
        assert f"post to channel {CHANNEL_ID}" in record.getMessage() and "HTTP 403, code 50013" in record.getMessage()
    else:
        assert len(posts) == 1


async def test_a_post_to_a_gone_channel_is_refused_once(
    fake: FakeDiscord, bot: DiscordPlatform, service: Service
) -> None:
    answer = service.core.handle(Request(command="rank", channel=GENERAL, pictures="inline"))
    fake.post_error = (404, {"message": "Unknown Channel", "code": 10003})
    with pytest.raises(ChannelGone):
        await bot.post(GENERAL, answer)
    [post] = [c for c in fake.calls if c.path.startswith("channels/")]  # a gone channel is not asked twice
    assert post.files
