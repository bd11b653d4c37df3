"""The bot token: one auth.test at start serves every command; a refused token and trouble on Slack's side
are told apart for users, in readiness and in the log; starting logs no warning from Bolt."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest
from slack_fakes import (
    APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, HttpSlack, form, make_config, start_http, stop_http,
)
from test_slack_http import commands_counted
from test_slack_socket_mode import send_command

from bot.adapters.slack import SlackPlatform, auth
from bot.core import Answer, Channel, Request
from bot.errors import TokenRefused
from bot.runtime.service import Service

NEWS = Channel(platform="slack", workspace="T0TEST", channel="C0NEWS")

REFUSED = "Slack refused its bot token"
TROUBLE = "Slack is having trouble. Try again in a minute."


async def test_commands_make_no_auth_test_after_start_checked_the_token(http_slack, fake: FakeSlack) -> None:
    assert fake.calls == ["auth.test"]
    for text in ("", "gdpval"):
        status, message = await http_slack.post(form("/rank", text, fake))
        assert status == 200 and message["response_type"] == "in_channel"
    assert fake.calls == ["auth.test"]


@pytest.mark.parametrize("code", ["internal_error", "ratelimited"])
async def test_trouble_on_slacks_side_is_checked_again_with_each_command(fake, service, no_secrets_in_logs,
                                                                         code) -> None:
    fake.errors["auth.test"] = code
    slack = await start_http(make_config(fake), service)
    try:
        assert slack.platform.connected() and slack.platform.refused() is None
        status, body = await slack.post(form("/rank", "", fake))
    finally:
        await stop_http(slack)
    assert status == 200 and TROUBLE in body and REFUSED not in body
    logged = [r for r in no_secrets_in_logs.records if f"auth.test failed slack_error={code}:" in r.getMessage()]
    assert len(logged) == 2 and {r.levelno for r in logged} == {logging.WARNING}  # at start, and for the command
    assert commands_counted(slack) == 0 and fake.calls == ["auth.test", "auth.test"]


async def test_a_later_check_that_succeeds_serves_from_then_on(fake, service) -> None:
    fake.errors["auth.test"] = "internal_error"
    slack = await start_http(make_config(fake), service)
    try:
        del fake.errors["auth.test"]
        answers = [await slack.post(form("/rank", "", fake)) for _ in range(2)]
        assert slack.platform.connected()
    finally:
        await stop_http(slack)
    assert [(status, message["response_type"]) for status, message in answers] == [(200, "in_channel")] * 2
    assert fake.calls == ["auth.test", "auth.test"]


@pytest.mark.parametrize("code", ["invalid_auth", "token_revoked", "account_inactive", "not_authed"])
async def test_a_token_refused_at_start_is_told_to_askers_and_never_sent_again(fake, service, no_secrets_in_logs,
                                                                               code) -> None:
    fake.errors["auth.test"] = code
    slack = await start_http(make_config(fake), service)
    try:
        assert not slack.platform.connected()
        assert slack.platform.refused() == (
            f"Slack refused SLACK_BOT_TOKEN ({code}): set a valid token and restart newsbot")
        del fake.errors["auth.test"]  # Slack never takes a refused token back: newsbot does not ask again
        answers = [await slack.post(form("/rank", "", fake)) for _ in range(2)]
        with pytest.raises(TokenRefused):
            await slack.platform.post(NEWS, Answer(title="Digest"))
    finally:
        await stop_http(slack)
    assert [(status, REFUSED in body) for status, body in answers] == [(200, True)] * 2
    assert fake.calls == ["auth.test"] and commands_counted(slack) == 0
    assert refusal_lines(no_secrets_in_logs) == [f"slack auth.test: {slack.platform.refused()}"]


def refusal_lines(caplog: pytest.LogCaptureFixture, setting: str = "SLACK_BOT_TOKEN") -> list[str]:
    """Every line naming `setting` (each at ERROR, with no traceback)."""
    records = [r for r in caplog.records if setting in r.getMessage()]
    assert all(r.levelno == logging.ERROR and not r.exc_info for r in records)
    return [r.getMessage() for r in records]


async def chart_upload(slack: HttpSlack) -> None:
    answer = slack.service.core.handle(Request(command="rank", text="gdpval chart", pictures="upload"))
    assert answer.chart is not None and await slack.platform.charts(NEWS, answer.chart) == "token_revoked"


async def users_info(slack: HttpSlack) -> None:
    assert await slack.platform.managers("T0TEST", "U0ASKER") is False


async def post(slack: HttpSlack) -> None:
    with pytest.raises(TokenRefused):
        await slack.platform.post(NEWS, Answer(title="Digest"))


@pytest.mark.parametrize(
    ("method", "call", "use"),
    [("chat.postMessage", "chat.postMessage", post), ("users.info", "users.info", users_info),
     ("files.getUploadURLExternal", "files_upload_v2", chart_upload)],
    ids=["post", "users.info", "upload"],
)
async def test_a_refusal_seen_on_any_call_counts_like_one_at_start(http_slack, fake, service, no_secrets_in_logs,
                                                                   method, call, use) -> None:
    assert http_slack.platform.connected()
    fake.errors[method] = "token_revoked"
    await use(http_slack)  # the call that finds out: nothing else is made with the token from then on
    calls = len(fake.calls)
    assert not http_slack.platform.connected()
    assert http_slack.platform.refused() == (
        "Slack refused SLACK_BOT_TOKEN (token_revoked): set a valid token and restart newsbot")
    status, body = await http_slack.post(form("/rank", "", fake))
    assert status == 200 and REFUSED in body
    for again in (post, users_info):
        await again(http_slack)
    assert len(fake.calls) == calls and commands_counted(http_slack) == 0
    assert refusal_lines(no_secrets_in_logs) == [f"slack {call}: {http_slack.platform.refused()}"]


async def test_unreachable_or_silent_slack_is_trouble(fake, service, monkeypatch, caplog) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    slack = await start_http(make_config(fake, api_url=f"http://127.0.0.1:{port}/api"), service)
    try:
        assert slack.platform.connected()
        status, body = await slack.post(form("/rank", "", fake))
    finally:
        await stop_http(slack)
    assert status == 200 and TROUBLE in body
    assert "slack Web API unreachable (ClientConnectorError)" in caplog.text

    monkeypatch.setattr(auth, "CHECK_TIMEOUT", 0.05)
    fake.silent.add("auth.test")
    slack = await start_http(make_config(fake), service)
    try:
        status, body = await slack.post(form("/rank", "", fake))
    finally:
        await stop_http(slack)
    assert status == 200 and TROUBLE in body
    assert "slack Web API unreachable (TimeoutError)" in caplog.text


@pytest.mark.parametrize(("code", "then"), [("invalid_auth", REFUSED), ("internal_error", "GPT-5.4")])
async def test_socket_mode_tells_the_asker_too(fake: FakeSlack, service: Service, caplog, code, then) -> None:
    fake.errors["auth.test"] = code
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service)
    caplog.set_level(logging.INFO)
    await platform.start()
    await platform.listen()  # with the bot token refused too: each asker is told why newsbot cannot answer
    try:
        ws = await asyncio.wait_for(fake.sockets.get(), 5)
        payload = await send_command(fake, ws, "env-auth", "/rank")
        del fake.errors["auth.test"]
        answered = await send_command(fake, ws, "env-then", "/rank")
    finally:
        await platform.stop()
    assert (REFUSED if code == "invalid_auth" else TROUBLE) in payload["text"]
    assert then in str(answered)
    assert ("slack socket mode ready" in caplog.text) is (code != "invalid_auth")  # a refused token is not ready


@pytest.mark.parametrize("socket_mode", [False, True], ids=["http", "socket"])
async def test_starting_logs_no_warning_from_bolt(fake, service, monkeypatch, caplog, socket_mode) -> None:
    monkeypatch.setenv("SLACK_BOT_TOKEN", BOT_TOKEN)  # how newsbot is usually configured
    monkeypatch.setenv("SLACK_SIGNING_SECRET", SIGNING_SECRET)
    caplog.set_level(logging.DEBUG)
    extra = {"app_token": APP_TOKEN, "signing_secret": None} if socket_mode else {}
    platform = SlackPlatform(make_config(fake, **extra), service)
    await platform.start()
    await platform.listen()
    await platform.stop()
    assert [r.getMessage() for r in caplog.records if r.name.startswith("slack") and r.levelno >= logging.WARNING] == []
