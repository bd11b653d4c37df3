"""Socket Mode: the real slack_sdk client against a loopback fake that says hello and sends envelopes."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import AsyncIterator, Callable
from typing import Any

import pytest
from slack_fakes import APP_TOKEN, FakeSlack, assert_within_limits, command_payload, make_config, texts

from bot.adapters.slack import SlackPlatform
from bot.errors import TokenRefused
from bot.runtime.service import Service


@pytest.fixture
async def socket_slack(fake: FakeSlack, service: Service) -> AsyncIterator[SlackPlatform]:
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service,
                             ping_interval=0.2)
    await platform.start()
    await platform.listen()
    yield platform
    await platform.stop()


async def send_command(fake: FakeSlack, ws, envelope_id: str, command: str, text: str = "") -> dict[str, Any]:
    """Send a slash_commands envelope and return the ack the client sends back for it."""
    await ws.send_json({"envelope_id": envelope_id, "type": "slash_commands", "accepts_response_payload": True,
                        "payload": command_payload(command, text, fake)})
    ack = await asyncio.wait_for(fake.acks.get(), 5)
    assert ack["envelope_id"] == envelope_id
    return ack["payload"]


async def test_slash_command_is_answered_in_the_ack(socket_slack, fake) -> None:
    ws = await asyncio.wait_for(fake.sockets.get(), 5)
    assert fake.calls[:2] == ["auth.test", "apps.connections.open"]
    assert socket_slack.routes() == []
    payload = await send_command(fake, ws, "env-1", "/rank", "intelligence index")
    assert payload["response_type"] == "in_channel"
    assert_within_limits(payload)
    shown = texts(payload["blocks"])
    assert "*1.* Gemini 3.1 Pro — Score: 57" in shown and "*1.* GPT-5.4 — Score: 57" in shown
    assert fake.responded == []


async def test_errors_and_hostile_text_in_socket_mode(socket_slack, fake) -> None:
    ws = await asyncio.wait_for(fake.sockets.get(), 5)
    payload = await send_command(fake, ws, "env-2", "/compare", "<!channel> vs <@U123>")
    assert payload["response_type"] == "ephemeral"
    assert "<!channel>" not in str(payload) and "<@U123>" not in str(payload)
    assert "&lt;!channel&gt;" in str(payload)
    payload = await send_command(fake, ws, "env-3", "/nope")
    assert payload["response_type"] == "ephemeral" and payload["blocks"][0]["text"]["text"] == "Unknown command “/nope”"


async def until(condition: Callable[[], bool]) -> None:
    """Return once `condition()` holds, checking every 10 ms (for at most 10 s)."""
    async with asyncio.timeout(10):
        while not condition():
            await asyncio.sleep(0.01)


async def test_reconnects_after_the_socket_drops(socket_slack, fake) -> None:
    first = await asyncio.wait_for(fake.sockets.get(), 5)
    await until(socket_slack.connected)
    await first.close()
    second = await asyncio.wait_for(fake.sockets.get(), 5)
    assert fake.calls.count("apps.connections.open") == 2
    payload = await send_command(fake, second, "env-4", "/rank", "")
    assert "*1.* GPT-5.4 — Score: 57" in texts(payload["blocks"])
    assert socket_slack.connected()


async def test_stop_closes_the_socket_and_reports_down(fake, service) -> None:
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN), service)
    await platform.start()
    await platform.listen()
    ws = await asyncio.wait_for(fake.sockets.get(), 5)
    await until(platform.connected)
    assert platform.logged_in()
    await platform.stop()
    assert not platform.connected() and not platform.logged_in()
    await asyncio.wait_for(ws.receive(), 5)
    assert ws.closed
    assert b"newsbot_platform_connected{" not in service.metrics.render()  # the runtime's supervisor writes it


def app_token_lines(caplog: pytest.LogCaptureFixture) -> list[logging.LogRecord]:
    """The lines naming SLACK_APP_TOKEN; and no traceback anywhere in the log."""
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.exc_info]
    return [r for r in caplog.records if "SLACK_APP_TOKEN" in r.getMessage()]


async def test_a_refused_app_token_stops_socket_mode_at_start_with_one_line(fake: FakeSlack, service, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    fake.errors["apps.connections.open"] = "invalid_auth"
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service, ping_interval=0.05)
    await platform.start()
    with pytest.raises(TokenRefused) as raised:
        await platform.listen()
    try:
        assert str(raised.value) == (
            "Slack refused SLACK_APP_TOKEN (invalid_auth): set a valid token and restart newsbot")
        assert platform.refused() == str(raised.value) and not platform.connected()
    finally:
        await platform.stop()
    assert fake.calls == ["auth.test", "apps.connections.open"]
    [line] = app_token_lines(caplog)
    assert line.levelno == logging.ERROR and line.getMessage() == f"slack apps.connections.open: {raised.value}"
    assert "mode ready" not in caplog.text


async def test_an_app_token_refused_on_reconnecting_ends_the_reconnects_with_one_line(
    socket_slack: SlackPlatform, fake: FakeSlack, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    ws = await asyncio.wait_for(fake.sockets.get(), 5)
    client = socket_slack.handler.client
    fake.errors["apps.connections.open"] = "token_revoked"  # revoked while the bot runs
    await ws.close()
    await until(lambda: socket_slack.refused() is not None)
    assert not socket_slack.connected()
    # the SDK's loops that would reconnect (left to itself, every ping interval) have ended: none asks again
    await until(lambda: client.current_session_monitor.done() and client.message_receiver.done())
    assert fake.calls.count("apps.connections.open") == 2
    [line] = app_token_lines(caplog)
    assert line.getMessage() == ("slack apps.connections.open: Slack refused SLACK_APP_TOKEN (token_revoked): "
                                 "set a valid token and restart newsbot")


async def test_slack_failing_while_socket_mode_connects_is_logged_without_a_traceback(
    fake: FakeSlack, service, caplog
) -> None:
    caplog.set_level(logging.DEBUG)
    fake.errors["apps.connections.open"] = "internal_error"  # trouble on Slack's side: the SDK keeps trying
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service, ping_interval=0.05)
    await platform.start()
    connecting = asyncio.ensure_future(platform.listen())
    try:
        async with asyncio.timeout(5):
            while fake.calls.count("apps.connections.open") < 2:
                await asyncio.sleep(0.01)
        del fake.errors["apps.connections.open"]
        await asyncio.wait_for(fake.sockets.get(), 5)  # connected once Slack answers again
        await connecting
    finally:
        await platform.stop()
    assert platform.refused() is None
    failed = [r for r in caplog.records if "Failed to connect" in r.getMessage()]
    assert failed and "internal_error" in failed[0].getMessage()
    assert "Traceback" not in caplog.text and not [r for r in caplog.records if r.exc_info]
