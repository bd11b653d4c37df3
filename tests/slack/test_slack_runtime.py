"""End to end: the real `newsbot run` runtime in-process, in HTTP mode, against the loopback fake Slack."""

from __future__ import annotations

import asyncio
import json
from pathlib import Path

import aiohttp
from slack_fakes import (
    APP_TOKEN, FakeSlack, assert_within_limits, command_payload, form, make_settings, signed_headers, texts,
)

from bot.runtime.run import Runtime


async def test_newsbot_run_answers_a_signed_rank_and_refuses_a_forged_one(fake: FakeSlack, tmp_path: Path) -> None:
    settings = make_settings(fake, HOST="127.0.0.1", DATABASE_URL=f"sqlite:///{tmp_path / 'newsbot.db'}",
                             RELOAD=False, CONSOLE="off", PORT=0)
    runtime = Runtime(settings)
    await runtime.start()
    try:
        assert runtime.port != 0
        url = f"http://127.0.0.1:{runtime.port}"
        body = form("/rank", "intelligence index", fake)
        async with aiohttp.ClientSession() as http:
            async with http.post(f"{url}/slack/events", data=body, headers=signed_headers(body)) as response:
                assert response.status == 200
                message = json.loads(await response.text())
            forged = signed_headers(body, secret="forged-secret")
            async with http.post(f"{url}/slack/events", data=body, headers=forged) as response:
                assert response.status == 401
            async with http.get(f"{url}/readyz") as response:
                assert response.status == 200
            async with http.get(f"{url}/metrics") as response:
                metrics = await response.text()
    finally:
        await runtime.stop()
    assert message["response_type"] == "in_channel"
    assert_within_limits(message)
    shown = texts(message["blocks"])
    assert "*1.* Gemini 3.1 Pro — Score: 57" in shown and "*1.* GPT-5.4 — Score: 57" in shown
    assert 'newsbot_commands_total{command="rank",outcome="ok",platform="slack"} 1.0' in metrics
    assert 'newsbot_platform_connected{platform="slack"} 1.0' in metrics
    assert fake.calls.count("auth.test") >= 1


async def test_newsbot_run_in_socket_mode_answers_over_the_socket(fake: FakeSlack, tmp_path: Path) -> None:
    settings = make_settings(fake, HOST="127.0.0.1", DATABASE_URL=f"sqlite:///{tmp_path / 'newsbot.db'}",
                             SLACK_APP_TOKEN=APP_TOKEN, SLACK_SIGNING_SECRET=None, RELOAD=False, CONSOLE="off",
                             PORT=0)
    runtime = Runtime(settings)
    await runtime.start()
    try:
        ws = await asyncio.wait_for(fake.sockets.get(), 5)
        await ws.send_json({"envelope_id": "e2e", "type": "slash_commands", "accepts_response_payload": True,
                            "payload": command_payload("/rank", "intelligence index", fake)})
        ack = await asyncio.wait_for(fake.acks.get(), 5)
        async with aiohttp.ClientSession() as http:
            body = form("/rank", "", fake)
            async with http.post(f"http://127.0.0.1:{runtime.port}/slack/events", data=body,
                                 headers=signed_headers(body)) as response:
                assert response.status == 404  # Socket Mode serves no HTTP endpoint for Slack
    finally:
        await runtime.stop()
    assert ack["envelope_id"] == "e2e"
    assert "*1.* GPT-5.4 — Score: 57" in texts(ack["payload"]["blocks"])
