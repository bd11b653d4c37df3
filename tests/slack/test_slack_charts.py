"""Charts in Slack, end to end: signed slash commands through Bolt's HTTP adapter (and Socket Mode), the real
Service drawing with matplotlib, and slack_sdk's files_upload_v2 against the loopback fake. The text answer
goes out in the ack; the PNG follows into the same channel in the background, or a failure is logged."""

from __future__ import annotations

import asyncio
import logging
from typing import Any
from collections.abc import AsyncIterator

import pytest
from slack_fakes import (
    APP_TOKEN, BOT_TOKEN, FakeSlack, HttpSlack, Upload, form, make_config, make_service, start_http, stop_http, texts,
)
from test_slack_socket_mode import send_command

from bot.adapters.slack import SlackPlatform, charts
from bot.adapters.slack.reply import NOT_A_MEMBER, UPLOAD_HINTS
from bot.core import Channel, Request
from bot.core.chart import Chart
from bot.core.chart_policy import ChartPolicy
from bot.core.commands import default_registry
from bot.core.registry import Command
from bot.runtime.service import Service

PNG = b"\x89PNG\r\n\x1a\n"
NEWS = Channel(platform="slack", workspace="T0TEST", channel="C0NEWS")
FILE_CALLS = ("files.getUploadURLExternal", "files.completeUploadExternal")
WAIT = 20  # seconds: the first chart imports matplotlib


class HeldPictures(Service):
    """The real service, whose drawing waits until `release` is set; counts the charts asked for."""

    def __init__(self) -> None:
        fresh = make_service()
        super().__init__(fresh.core, fresh.metrics)
        self.release = asyncio.Event()
        self.asked = 0

    async def picture(self, chart: Chart) -> bytes | None:
        self.asked += 1
        await self.release.wait()
        return await super().picture(chart)


class NoPictures(HeldPictures):
    """Drawing fails (the real Service then returns None, and has logged why)."""

    async def picture(self, chart: Chart) -> bytes | None:
        self.asked += 1
        return None


@pytest.fixture
async def held(fake: FakeSlack) -> AsyncIterator[HttpSlack]:
    slack = await start_http(make_config(fake), HeldPictures())
    yield slack
    await stop_http(slack)


async def settled(platform: SlackPlatform) -> None:
    """Wait until no answer or chart of `platform` is still on its way."""
    async with asyncio.timeout(WAIT):
        while platform.replies.pending:
            await asyncio.gather(*platform.replies.pending, return_exceptions=True)

async def one_command(fake: FakeSlack, service: Service, command: str, text: str, **config: Any) -> tuple[int, dict]:
    """Start HTTP mode, post one signed command, wait for its uploads, stop: (status, ack message)."""
    slack = await start_http(make_config(fake, **config), service)
    try:
        status, message = await slack.post(form(command, text, fake))
        await settled(slack.platform)
    finally:
        await stop_http(slack)
    return status, message


async def uploaded(fake: FakeSlack) -> Upload:
    return await asyncio.wait_for(fake.uploaded.get(), WAIT)


def file_calls(fake: FakeSlack) -> list[str]:
    return [call for call in fake.calls if call.startswith("files.")]


@pytest.mark.parametrize(
    ("command", "text", "shown", "title"),
    [
        ("/rank", "chart", "*1.* GPT-5.4 — Score: 57", "Artificial Analysis Intelligence Index"),
        ("/rank", "gdpval top 2 chart", "*2.* Claude Sonnet 4.6 — Score: 1,648 Elo", "GDPval"),
        ("/compare", "muse spark vs gpt-5.4 chart", "*GDPval* — Muse Spark: 1,427 Elo · GPT-5.4: 1,676 Elo",
         "Muse Spark vs GPT-5.4"),
    ],
)
async def test_the_answer_is_acked_then_its_png_is_uploaded_into_the_channel(
    http_slack: HttpSlack, fake: FakeSlack, command: str, text: str, shown: str, title: str
) -> None:
    status, message = await http_slack.post(form(command, text, fake))
    assert status == 200 and message["response_type"] == "in_channel"
    assert shown in texts(message["blocks"])
    upload = await uploaded(fake)
    assert upload.data.startswith(PNG) and upload.length == len(upload.data) > 1000
    assert (upload.channel, upload.thread_ts, upload.filename, upload.title) == ("C0GENERAL", "", "chart.png", title)
    assert upload.alt_txt.startswith(f"Bar chart, {title} (") and len(upload.alt_txt) <= charts.MAX_ALT_TEXT
    assert upload.initial_comment == ""  # the text answer already went out
    assert file_calls(fake) == list(FILE_CALLS)
    assert all(token == BOT_TOKEN for call, token in zip(fake.calls, fake.tokens) if call in FILE_CALLS)
    await settled(http_slack.platform)
    assert fake.uploads == [upload] and fake.responded == []


@pytest.mark.parametrize(
    ("policy", "command", "text", "uploads"),
    [
        ("auto", "/rank", "", 0),  # Slack gets a chart only when asked
        ("auto", "/rank", "gdpval nochart", 0),
        ("auto", "/rank", "intelligense indx chart", 0),  # 'did you mean': ephemeral
        ("auto", "/compare", "chart", 0),  # an error
        ("auto", "/rank", "no-such-benchmark-at-all chart", 0),
        ("always", "/rank", "", 1),
        ("always", "/rank", "nochart", 0),
        ("never", "/rank", "chart", 0),
    ],
)
async def test_a_chart_is_uploaded_only_for_an_answer_to_the_channel_that_carries_one(
    fake: FakeSlack, policy: ChartPolicy, command: str, text: str, uploads: int
) -> None:
    status, message = await one_command(fake, make_service(charts=policy), command, text)
    assert status == 200
    assert len(fake.uploads) == uploads and len(file_calls(fake)) == 2 * uploads
    if uploads:
        assert message["response_type"] == "in_channel" and fake.uploads[0].data.startswith(PNG)
    if policy == "never":
        assert "Charts are turned off on this newsbot." in texts(message["blocks"])


async def test_ephemeral_answers_get_no_chart_and_say_why(fake: FakeSlack, service: Service) -> None:
    status, message = await one_command(fake, service, "/rank", "chart", ephemeral=True)
    assert status == 200 and message["response_type"] == "ephemeral"
    assert "Charts cannot be shown here" in texts(message["blocks"])  # a file is never private
    assert file_calls(fake) == [] and fake.uploads == []


async def test_the_ack_never_waits_for_drawing_and_a_graceful_stop_waits_for_the_upload(
    held: HttpSlack, fake: FakeSlack
) -> None:
    service = held.service
    assert isinstance(service, HeldPictures)
    status, message = await asyncio.wait_for(held.post(form("/rank", "chart", fake)), 2)
    assert status == 200 and "*1.* GPT-5.4 — Score: 57" in texts(message["blocks"])
    assert service.asked == 1 and fake.uploads == [] and len(held.platform.replies.pending) == 1
    drain = asyncio.create_task(service.drain(WAIT))
    await asyncio.sleep(0.1)
    assert not drain.done()  # the chart on its way is work in flight
    service.release.set()
    assert await drain is True
    assert [upload.channel for upload in fake.uploads] == ["C0GENERAL"]


async def test_stop_cancels_a_chart_still_on_its_way(fake: FakeSlack, caplog) -> None:
    slack = await start_http(make_config(fake), HeldPictures())
    assert (await slack.post(form("/rank", "chart", fake)))[0] == 200
    await stop_http(slack)
    assert not slack.platform.replies.pending and file_calls(fake) == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]


async def test_a_chart_that_cannot_be_drawn_is_not_uploaded(fake: FakeSlack, caplog) -> None:
    service = NoPictures()
    status, message = await one_command(fake, service, "/rank", "chart")
    assert status == 200 and message["response_type"] == "in_channel"
    assert service.asked == 1 and file_calls(fake) == [] and fake.responded == []
    assert not [r for r in caplog.records if r.name == "newsbot.slack" and r.levelno >= logging.WARNING]


@pytest.mark.parametrize(
    ("method", "code", "hint"),
    [
        ("files.completeUploadExternal", "not_in_channel", NOT_A_MEMBER),
        ("files.completeUploadExternal", "channel_not_found", NOT_A_MEMBER),
        ("files.getUploadURLExternal", "missing_scope", UPLOAD_HINTS["missing_scope"]),
        ("files.getUploadURLExternal", "file_uploads_disabled", UPLOAD_HINTS["file_uploads_disabled"]),
        ("files.getUploadURLExternal", "ratelimited", None),
        ("files.completeUploadExternal", "internal_error", None),
    ],
)
async def test_a_failed_upload_leaves_the_answer_logs_slacks_code_and_tells_the_asker_what_to_fix(
    http_slack: HttpSlack, fake: FakeSlack, no_secrets_in_logs, method: str, code: str, hint: str | None
) -> None:
    if code == "ratelimited":
        fake.limited[method] = "30"
    else:
        fake.errors[method] = code
    status, message = await http_slack.post(form("/rank", "chart", fake))
    assert status == 200 and message["response_type"] == "in_channel"
    assert "*1.* GPT-5.4 — Score: 57" in texts(message["blocks"])
    await settled(http_slack.platform)
    assert fake.uploads == [] and fake.calls.count(method) == 1  # not retried
    [warning] = [r for r in no_secrets_in_logs.records if "chart upload" in r.getMessage()]
    assert warning.levelno == logging.WARNING and not warning.exc_info
    assert f"slack chart upload to T0TEST/C0GENERAL failed slack_error={code}" in warning.getMessage()
    if hint is None:
        assert fake.responded == []
    else:
        assert fake.responded == [{"text": hint, "response_type": "ephemeral"}]


async def test_a_refused_upload_or_a_silent_slack_is_logged(http_slack: HttpSlack, fake: FakeSlack, caplog,
                                                        monkeypatch) -> None:
    fake.upload_status = 500
    assert (await http_slack.post(form("/rank", "chart", fake)))[0] == 200
    await settled(http_slack.platform)
    monkeypatch.setattr(charts, "UPLOAD_TIMEOUT", 0.5)
    fake.upload_status = 200
    fake.silent.add("files.completeUploadExternal")
    assert (await http_slack.post(form("/rank", "gdpval chart", fake)))[0] == 200
    await settled(http_slack.platform)
    refused, silent = [r.getMessage() for r in caplog.records if "chart upload" in r.getMessage()]
    assert "slack_error=SlackRequestError:" in refused and "slack_error=TimeoutError:" in silent
    assert fake.uploads == [] and fake.responded == [] and BOT_TOKEN not in caplog.text


async def test_a_blocking_command_responds_then_uploads(fake: FakeSlack) -> None:
    registry = default_registry()
    rank = registry.get("rank")
    assert rank is not None
    registry.add(Command("slowrank", "Rank, after the ack.", "/slowrank", (), rank.options, rank.handler,
                         blocking=True, charts=True))
    slack = await start_http(make_config(fake), make_service(registry))
    try:
        assert await slack.post(form("/slowrank", "gdpval chart", fake)) == (200, "")
        reply = await asyncio.wait_for(fake.responses.get(), WAIT)
        upload = await uploaded(fake)
    finally:
        await stop_http(slack)
    assert reply["response_type"] == "in_channel" and "GDPval" in reply["text"]
    assert (upload.channel, upload.title) == ("C0GENERAL", "GDPval") and upload.data.startswith(PNG)


async def test_socket_mode_acks_the_answer_then_uploads(fake: FakeSlack, service: Service) -> None:
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service)
    await platform.start()
    await platform.listen()
    try:
        ws = await asyncio.wait_for(fake.sockets.get(), 5)
        payload = await send_command(fake, ws, "env-chart", "/rank", "gdpval chart")
        upload = await uploaded(fake)
    finally:
        await platform.stop()
    assert payload["response_type"] == "in_channel" and "GDPval" in payload["text"]
    assert (upload.channel, upload.title) == ("C0GENERAL", "GDPval") and upload.data.startswith(PNG)


@pytest.mark.parametrize("thread", ["", "1700000000.000100"])
async def test_a_post_with_a_chart_is_followed_by_its_upload(http_slack: HttpSlack, fake: FakeSlack,
                                                             service: Service, thread: str) -> None:
    answer = service.core.handle(Request(command="rank", text="gdpval chart", pictures="upload"))
    assert answer.chart is not None
    channel = Channel(platform="slack", workspace="T0TEST", channel="C0NEWS", thread=thread)
    await http_slack.platform.post(channel, answer)
    assert len(fake.posts) == 1  # posted when post() returns; the chart follows in the background
    upload = await uploaded(fake)
    assert fake.calls[-3:] == ["chat.postMessage", *FILE_CALLS]
    assert (upload.channel, upload.thread_ts, upload.title) == ("C0NEWS", thread, "GDPval")
    assert fake.posts[0].get("thread_ts", "") == thread


async def test_a_post_whose_chart_fails_still_succeeds(http_slack: HttpSlack, fake: FakeSlack, service: Service,
                                                       caplog) -> None:
    fake.errors["files.completeUploadExternal"] = "not_in_channel"
    answer = service.core.handle(Request(command="rank", text="chart", pictures="upload"))
    await http_slack.platform.post(NEWS, answer)  # does not raise
    await settled(http_slack.platform)
    assert len(fake.posts) == 1 and fake.uploads == [] and fake.responded == []
    assert "slack chart upload to T0TEST/C0NEWS failed slack_error=not_in_channel" in caplog.text


def test_alt_text_counts_in_words() -> None:
    service = make_service(charts="always")
    one = service.core.handle(Request.parse("/rank gdpval top 1", pictures="upload")).chart  # GPT-5.4 alone
    five = service.core.handle(Request.parse("/rank", pictures="upload")).chart
    assert one is not None and five is not None
    assert "(1 model)" in charts.alt_text(one) and "(5 models)" in charts.alt_text(five)
