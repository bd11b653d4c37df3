"""HTTP mode's intake: nothing from an unverified request is parsed, decoded or logged; malformed framing
and malformed signed payloads get 400/413, never a 500 or a traceback; logged request fields are escaped."""

from __future__ import annotations

import asyncio
import io
import json
import logging
import time
from urllib.parse import urlencode

import pytest
from slack_fakes import (
    FakeSlack, form, make_config, make_service, newsbot_logging, signed_headers, start_http, stop_http,
)
from test_slack_http import commands_counted

from bot.core.answer import Answer
from bot.core.commands import default_registry
from bot.core.registry import Command
from bot.runtime.http import MAX_BODY

FORGED = "2026-01-01 00:00:00,000 INFO newsbot: FORGED"
FORM = {"Content-Type": "application/x-www-form-urlencoded"}


def assert_no_traceback(caplog: pytest.LogCaptureFixture) -> None:
    assert "Traceback" not in caplog.text
    assert not [r for r in caplog.records if r.exc_info or r.levelno >= logging.ERROR]


@pytest.mark.parametrize(
    ("body", "headers"),
    [
        pytest.param(urlencode({"command": f"/x\n{FORGED}"}),
                     {"X-Slack-Request-Timestamp": "abc", "X-Slack-Signature": "v0=0"}, id="timestamp-abc"),
        pytest.param("{", {}, id="json-brace"),
        pytest.param("payload=notjson", {}, id="payload-notjson"),
        pytest.param(b"text=\xff", {}, id="invalid-utf8"),
        pytest.param("command=/rank", {"X-Slack-Request-Timestamp": "1" * 5000, "X-Slack-Signature": "v0=0"},
                     id="timestamp-5000-digits"),
        pytest.param("command=/rank", {"X-Slack-Request-Timestamp": "-1", "X-Slack-Signature": "v0=0"},
                     id="timestamp-negative"),
        pytest.param("command=/rank", {"X-Slack-Request-Timestamp": "\uff11" * 10, "X-Slack-Signature": "v0=0"},
                     id="timestamp-fullwidth-digits"),
    ],
)
async def test_unauthenticated_requests_get_401_before_any_parsing(http_slack, caplog, body, headers) -> None:
    caplog.set_level(logging.DEBUG)
    status, reply = await http_slack.post(body, headers={**FORM, **headers})
    assert (status, reply) == (401, {"error": "invalid request"})
    assert commands_counted(http_slack) == 0
    assert_no_traceback(caplog)
    assert "FORGED" not in caplog.text and "notjson" not in caplog.text


async def test_non_ascii_signature_gets_401(http_slack, fake: FakeSlack, caplog) -> None:
    body = form("/rank", "", fake).encode()
    request = (b"POST /slack/events HTTP/1.1\r\nHost: x\r\nConnection: close\r\n"
               b"Content-Type: application/x-www-form-urlencoded\r\n"
               b"X-Slack-Request-Timestamp: %d\r\nX-Slack-Signature: v0=\xc3\xa9\xff\r\n"
               b"Content-Length: %d\r\n\r\n%s" % (int(time.time()), len(body), body))
    assert (await raw_exchange(http_slack, request)).startswith(b"HTTP/1.1 401 ")
    assert_no_traceback(caplog)


@pytest.mark.parametrize("body", ["{", "payload=notjson", b"text=\xff", "payload=[1]", '{"team": 5}', "payload=null"])
async def test_signed_but_malformed_payloads_get_400(http_slack, caplog, body) -> None:
    status, reply = await http_slack.post(body)
    assert (status, reply) == (400, {"error": "not a Slack payload"})
    assert_no_traceback(caplog)
    assert commands_counted(http_slack) == 0


def interaction(**payload: object) -> str:
    """An interactive payload as Slack sends one: form-encoded, its JSON in the `payload` field."""
    return urlencode({"payload": json.dumps(payload)})


@pytest.mark.parametrize(
    ("body", "content_type"),
    [
        pytest.param(interaction(type="view_submission", view=None), "form", id="view-null"),
        pytest.param(interaction(type="view_submission", view="x"), "form", id="view-text"),
        pytest.param(interaction(type="view_submission", view={"callback_id": "x"}, team=[1]), "form", id="team-list"),
        pytest.param(interaction(type="view_submission", view={"callback_id": "x"}, enterprise="E1"), "form",
                     id="enterprise-text"),
        pytest.param(interaction(type="view_submission", view={"callback_id": "x"}, is_enterprise_install="yes"),
                     "form", id="enterprise-install-text"),
        pytest.param(interaction(type="view_closed", view=None), "form", id="view-closed-null"),
        pytest.param(interaction(type="block_actions", actions=None), "form", id="actions-null"),
        pytest.param(interaction(type="block_actions", actions=[1]), "form", id="actions-of-numbers"),
        pytest.param(interaction(type="block_actions", actions=[{}]), "form", id="action-without-id"),
        pytest.param(interaction(type="shortcut"), "form", id="shortcut-without-callback"),
        pytest.param(interaction(type=None), "form", id="type-null"),
        pytest.param(interaction(command="/rank", team_id=["T0TEST"]), "form", id="command-with-a-list"),
        pytest.param(json.dumps({"type": "event_callback", "event": None}), "json", id="event-null"),
        pytest.param(json.dumps({"type": "event_callback", "event": "x"}), "json", id="event-text"),
        pytest.param(json.dumps({"type": "url_verification", "challenge": "c"}), "json", id="url-verification"),
        pytest.param(urlencode({"text": "no command"}), "form", id="form-without-command"),
        pytest.param(urlencode({"command": "rank"}), "form", id="command-without-slash"),
    ],
)
async def test_signed_requests_bolt_cannot_dispatch_get_400_and_one_warning(http_slack, caplog, body,
                                                                           content_type) -> None:
    caplog.set_level(logging.DEBUG)
    headers = signed_headers(body)
    if content_type == "json":
        headers["Content-Type"] = "application/json"
    status, reply = await http_slack.post(body, headers=headers)
    assert (status, reply) == (400, {"error": "not a slash command"})
    assert_no_traceback(caplog)
    warnings = [r.getMessage() for r in caplog.records if r.levelno >= logging.WARNING]
    assert len(warnings) == 1 and warnings[0].startswith("slack request signed but not a slash command (type=")
    assert commands_counted(http_slack) == 0


async def test_slash_commands_with_unusual_fields_and_ssl_checks_are_still_served(http_slack, fake, caplog) -> None:
    status, reply = await http_slack.post(urlencode({"command": "/rank"}))  # nothing but the command
    assert status == 200 and "GPT-5.4" in str(reply)
    status, _ = await http_slack.post(form("/rank", "", fake, is_enterprise_install="maybe", enterprise_id=""))
    assert status == 200
    status, _ = await http_slack.post(urlencode({"ssl_check": "1", "token": "x"}))  # Slack checking the URL
    assert status == 200
    assert commands_counted(http_slack) == 2
    assert_no_traceback(caplog)


async def test_body_over_the_cap_gets_413(http_slack, caplog) -> None:
    body = b"text=" + b"x" * MAX_BODY
    response = await http_slack.client.post("/slack/events", data=io.BytesIO(body), headers=signed_headers(body))
    assert response.status == 413
    assert_no_traceback(caplog)


async def raw_exchange(slack, request: bytes) -> bytes:
    """Send raw bytes to the server and return its whole answer (for requests a client library won't make)."""
    reader, writer = await asyncio.open_connection("127.0.0.1", slack.client.port)
    writer.write(request)
    await writer.drain()
    answer = await reader.read()
    writer.close()
    await writer.wait_closed()
    return answer


INVALID_LENGTH = b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nx=1"


async def test_invalid_content_length_gets_400(http_slack) -> None:
    answer = await raw_exchange(http_slack, INVALID_LENGTH)
    assert b" 400 " in answer.split(b"\r\n", 1)[0]


async def test_invalid_content_length_logs_no_traceback(http_slack, caplog) -> None:
    await raw_exchange(http_slack, INVALID_LENGTH)
    assert_no_traceback(caplog)


def _broken(context, request) -> Answer:
    return Answer(title="broken", lines=(None,))  # type: ignore[arg-type]  # a renderer-breaking answer


@pytest.mark.parametrize("fmt", ["text", "json"])
async def test_logged_request_fields_are_escaped_and_capped(fake: FakeSlack, capsys, fmt: str) -> None:
    registry = default_registry()
    registry.add(Command("broken", "Always breaks the renderer", "/broken", (), (), _broken))
    hostile = {"team_id": f"T1\n{FORGED}", "channel_id": "C" * 500_000}
    with newsbot_logging(fmt):
        slack = await start_http(make_config(fake), make_service(registry))

        @slack.platform.bolt.middleware
        async def explode(body, next) -> None:  # noqa: A002 - Bolt passes `next` by this name
            if body.get("command") == "/explode":
                raise RuntimeError("boom")
            await next()

        try:
            failed = [await slack.post(form(command, "", fake, **hostile)) for command in ("/broken", "/explode")]
        finally:
            await stop_http(slack)
    assert failed[0][0] == 200 and failed[0][1]["text"].startswith("Something went wrong.")
    assert failed[1][0] == 500
    lines = capsys.readouterr().err.splitlines()
    logged = [line for line in lines if "slack command failed" in line or "slack listener error" in line]
    assert len(logged) == 2 and all("FORGED" in line for line in logged)
    assert not [line for line in lines if line.startswith("2026-01-01")]
    assert max(len(line) for line in lines) < 10_000
    if fmt == "json":
        assert all(json.loads(line) for line in lines)
    else:
        assert all('workspace="T1\\n2026-01-01 00:00:00,000 INFO newsbot: FORGED"' in line for line in logged)
