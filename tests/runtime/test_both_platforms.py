"""`newsbot run` with Slack and Discord both configured, in one process and one event loop, against
loopback fakes of both; and a platform that cannot start, or refuses its token, does not take the other down."""

from __future__ import annotations

import asyncio
import json
import logging
import socket
from pathlib import Path

import aiohttp

from bot.runtime.run import Runtime
from bot.runtime.settings import Settings
from tests.conftest import CONTENT
from tests.discord.fakediscord import GUILD_ID, TOKEN, FakeDiscord, slash
from tests.runtime.loopback import fakes  # noqa: F401 - the fixture
from tests.slack.slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack, form, signed_headers, texts


def both(slack: FakeSlack, fake_discord: FakeDiscord, tmp_path: Path) -> Settings:
    return Settings(
        PORT=0, CONSOLE="off", RELOAD=False, CONTENT_DIR=CONTENT, DATABASE_URL=f"sqlite:///{tmp_path}/bot.db",
        SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET, SLACK_API_URL=f"{slack.url}/api",
        DISCORD_TOKEN=TOKEN, DISCORD_API_URL=fake_discord.api_url, DISCORD_GATEWAY_URL=fake_discord.gateway_url,
        DISCORD_GUILD_IDS=(GUILD_ID,),
    )


async def slack_rank(runtime: Runtime, slack: FakeSlack) -> dict:
    body = form("/rank", "", slack)
    async with aiohttp.ClientSession() as http:
        async with http.post(f"http://127.0.0.1:{runtime.port}/slack/events", data=body,
                             headers=signed_headers(body)) as response:
            assert response.status == 200
            return json.loads(await response.text())


async def get(runtime: Runtime, path: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http:
        async with http.get(f"http://127.0.0.1:{runtime.port}{path}") as response:
            return response.status, await response.json()


async def test_slack_and_discord_answer_from_one_process(fakes, tmp_path):
    slack, fake_discord = fakes
    runtime = Runtime(both(slack, fake_discord, tmp_path))
    await runtime.start()
    try:
        discord_platform = next(p for p in runtime.platforms if p.name == "discord")
        await discord_platform.wait_until_ready()
        assert "*1.* GPT-5.4 — Score: 57" in texts((await slack_rank(runtime, slack))["blocks"])
        payload = slash("rank", benchmark="hle")
        await fake_discord.dispatch("INTERACTION_CREATE", payload)
        callback = await fake_discord.callback(int(payload["id"]))
        assert "58%" in json.dumps(callback["data"]["embeds"])
        assert callback["data"]["allowed_mentions"] == {"parse": []}
        assert await get(runtime, "/readyz") == (200, {"status": "ready"})
    finally:
        await runtime.stop()


async def test_discord_refusing_the_token_stops_discord_alone_for_good(fakes, tmp_path, monkeypatch, caplog):
    import bot.runtime.platforms

    monkeypatch.setattr(bot.runtime.platforms, "RETRY_FIRST", 0.01)  # a retry, were there one, comes at once
    slack, fake_discord = fakes
    fake_discord.refuse_login = True
    caplog.set_level(logging.INFO)
    runtime = Runtime(both(slack, fake_discord, tmp_path).model_copy(update={"PLATFORM_DOWN_LIMIT": 0.05}))
    await runtime.start()
    try:
        assert "*1.* Gemini 3.1 Pro — Score: 57" in texts((await slack_rank(runtime, slack))["blocks"])
        refused = "Discord refused DISCORD_TOKEN (HTTP 401): set a valid token and restart newsbot"
        assert await get(runtime, "/readyz") == (503, {"status": "not ready", "reasons": [refused]})
        done, _ = await asyncio.wait({runtime.supervisor.running["discord"]}, timeout=10)
        assert done  # the supervisor has left discord alone for good: no retry can come
        [listener] = [listener for listener in runtime.listeners if listener.name == "discord"]
        async with asyncio.timeout(10):  # down past PLATFORM_DOWN_LIMIT, as the supervisor sees it
            while runtime.supervisor.down_for(listener) <= 0.05:
                await asyncio.sleep(0.01)
        assert await get(runtime, "/healthz") == (200, {"status": "ok"})  # a restart would not mend it
    finally:
        await runtime.stop()
    assert [c.path for c in fake_discord.calls] == ["users/@me"]  # logged in once, never again
    named = [r.getMessage() for r in caplog.records if "DISCORD_TOKEN" in r.getMessage()]
    assert named == [f"discord login: {refused}"]
    assert "discord started" not in caplog.text and "could not start" not in caplog.text
    assert "slack started" in caplog.text and "Traceback" not in caplog.text and TOKEN not in caplog.text


async def test_healthz_fails_once_a_platform_is_down_past_the_limit(fakes, tmp_path):
    slack, fake_discord = fakes
    with socket.socket() as closed:  # Discord unreachable: the bot keeps trying, and a restart may help
        closed.bind(("127.0.0.1", 0))
        unreachable = f"http://127.0.0.1:{closed.getsockname()[1]}/api/v10"
    settings = both(slack, fake_discord, tmp_path).model_copy(
        update={"PLATFORM_DOWN_LIMIT": 0.5, "DISCORD_API_URL": unreachable})
    runtime = Runtime(settings)
    await runtime.start()
    try:
        for _ in range(100):
            status, body = await get(runtime, "/healthz")
            if status == 503:
                break
            await asyncio.sleep(0.1)
        assert status == 503, body
        assert body["status"] == "unhealthy"
        assert body["reasons"][0].startswith("discord disconnected for ")
        assert "slack" not in " ".join(body["reasons"])
    finally:
        await runtime.stop()


async def test_runtime_reconnects_a_platform_whose_connection_ended_for_good(fakes, tmp_path, monkeypatch, caplog):
    import bot.runtime.platforms

    monkeypatch.setattr(bot.runtime.platforms, "RETRY_FIRST", 0.1)
    caplog.set_level(logging.INFO)
    slack, fake_discord = fakes
    runtime = Runtime(both(slack, fake_discord, tmp_path))
    await runtime.start()
    try:
        discord_platform = next(p for p in runtime.platforms if p.name == "discord")
        await discord_platform.wait_until_ready()
        first_client = discord_platform.client
        await fake_discord.close_gateway(4013, "Invalid intent(s)")  # discord.py does not reconnect after this
        for _ in range(200):
            if discord_platform.client is not first_client and discord_platform.client.is_ready():
                break
            await asyncio.sleep(0.05)
        assert discord_platform.connected()
        payload = slash("rank", benchmark="hle")
        await fake_discord.dispatch("INTERACTION_CREATE", payload)
        assert "58%" in json.dumps((await fake_discord.callback(int(payload["id"])))["data"]["embeds"])
    finally:
        await runtime.stop()
    assert any("discord connection ended; reconnecting" in r.getMessage() for r in caplog.records)
