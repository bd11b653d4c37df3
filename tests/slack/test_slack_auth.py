"""The bot token: one auth.test at start serves every command; a refused token and trouble on Slack's side
are told apart for users, in readiness and in the log; starting logs no warning from Bolt."""

from __future__ import annotations

import asyncio
import logging
import socket

import pytest
from slack_fakes import (
    APP_TOKEN, BOT_TOKEN, SIGNING_SECRET, FakeSlack, form, make_config, start_http, stop_http, texts,
)
from test_slack_http import commands_counted
from test_slack_socket_mode import send_command

from bot.adapters.slack import SlackPlatform, auth
from bot.runtime.service import Service

REFUSED = "Slack refused its bot token"
TROUBLE = "Slack is having trouble. Try again in a minute."


async def test_commands_make_no_auth_test_after_start_checked_the_token(http_slack, fake: FakeSlack) -> None:
    assert fake.calls == ["auth.test"]
    for text in ("", "gdpval"):
        status, message = await http_slack.post(form("/rank", text, fake))
        assert status == 200 and message["response_type"] == "in_channel"
    assert fake.calls == ["auth.test"]


@pytest.mark.parametrize(
    ("code", "told", "not_told", "ready"),
    [
        ("invalid_auth", REFUSED, TROUBLE, False),
        ("token_revoked", REFUSED, TROUBLE, False),
        ("internal_error", TROUBLE, REFUSED, True),
        ("ratelimited", TROUBLE, REFUSED, True),
    ],
)
async def test_refusal_and_trouble_are_told_apart(fake, service, no_secrets_in_logs, code, told, not_told,
                                                  ready) -> None:
    fake.errors["auth.test"] = code
    slack = await start_http(make_config(fake), service)
    try:
        assert slack.platform.connected() is ready
        status, body = await slack.post(form("/rank", "", fake))
    finally:
        await stop_http(slack)
    assert status == 200 and told in body and not_told not in body
    logged = [r for r in no_secrets_in_logs.records if f"auth.test failed slack_error={code}:" in r.getMessage()]
    assert len(logged) == 2  # at start, and for the command
    assert {r.levelno for r in logged} == {logging.ERROR if told == REFUSED else logging.WARNING}
    assert commands_counted(slack) == 0 and fake.calls == ["auth.test", "auth.test"]


@pytest.mark.parametrize("code", ["invalid_auth", "internal_error"])
async def test_a_later_check_that_succeeds_serves_from_then_on(fake, service, code) -> None:
    fake.errors["auth.test"] = code
    slack = await start_http(make_config(fake), service)
    try:
        del fake.errors["auth.test"]
        answers = [await slack.post(form("/rank", "", fake)) for _ in range(2)]
        assert slack.platform.connected()
    finally:
        await stop_http(slack)
    assert [(status, message["response_type"]) for status, message in answers] == [(200, "in_channel")] * 2
    assert fake.calls == ["auth.test", "auth.test"]


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


@pytest.mark.parametrize(("code", "told"), [("invalid_auth", REFUSED), ("internal_error", TROUBLE)])
async def test_socket_mode_tells_the_asker_too(fake: FakeSlack, service: Service, code, told) -> None:
    fake.errors["auth.test"] = code
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service)
    await platform.start()
    await platform.listen()
    try:
        ws = await asyncio.wait_for(fake.sockets.get(), 5)
        payload = await send_command(fake, ws, "env-auth", "/rank")
        del fake.errors["auth.test"]
        answered = await send_command(fake, ws, "env-ok", "/rank")
    finally:
        await platform.stop()
    assert told in payload["text"]
    assert "*1.* GPT-5.4 — Score: 57" in texts(answered["blocks"])


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
