"""Socket Mode: the real slack_sdk client against a loopback fake that says hello and sends envelopes."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_fakes import APP_TOKEN, FakeSlack, assert_within_limits, command_payload, make_config, texts

from bot.adapters.slack import SlackPlatform
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


async def test_reconnects_after_the_socket_drops(socket_slack, fake, service) -> None:
    gauge = service.metrics.platform_up.labels("slack")
    first = await asyncio.wait_for(fake.sockets.get(), 5)
    await asyncio.sleep(0.1)
    assert socket_slack.connected() and gauge._value.get() == 1
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
    await asyncio.sleep(0.1)
    assert platform.connected() and service.metrics.platform_up.labels("slack")._value.get() == 1
    await platform.stop()
    assert not platform.connected() and service.metrics.platform_up.labels("slack")._value.get() == 0
    await asyncio.wait_for(ws.receive(), 5)
    assert ws.closed
