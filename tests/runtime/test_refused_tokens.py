"""`newsbot run` as a process with Slack and Discord configured, one of them refusing a token at start: the
other serves, /readyz is 503 with the reason, /healthz stays 200 (a restart would not mend it), the log has
exactly one line naming the setting, no traceback, and no "started" or "ready" line for the refused one."""

from __future__ import annotations

import json
import re
import warnings
from pathlib import Path

import aiohttp
import pytest

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    from tests.discord.fakediscord import GUILD_ID, TOKEN, FakeDiscord, slash
from tests.runtime.loopback import fakes  # noqa: F401 - fixture
from tests.runtime.processes import Proc
from tests.slack.slack_fakes import APP_TOKEN, SECRETS, FakeSlack, form, signed_headers, texts


async def both(slack: FakeSlack, fake_discord: FakeDiscord, tmp_path: Path, **settings: str) -> tuple[Proc, int]:
    """`newsbot run` with Slack (HTTP mode, unless `settings` add an app token) and Discord; and its port."""
    bot = await Proc.start(
        slack, f"sqlite:///{tmp_path}/bot.db", DISCORD_TOKEN=TOKEN, DISCORD_API_URL=fake_discord.api_url,
        DISCORD_GATEWAY_URL=fake_discord.gateway_url, DISCORD_GUILD_IDS=str(GUILD_ID), **settings,
    )
    port = int((await bot.wait_log(r"HTTP server on [\d.]+:(\d+)")).group(1))
    await bot.wait_log(r"digests: \d+ subscription")  # every platform's start is over
    return bot, port


async def seen(bot: Proc, pattern: str) -> None:
    """Return once the log has a line matching `pattern`, whether already read or still to come."""
    if not any(re.search(pattern, line) for line in bot.log):
        await bot.wait_log(pattern)


async def get(port: int, path: str) -> tuple[int, dict]:
    async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{port}{path}") as response:
        return response.status, await response.json()


def refused(platform: str, setting: str, code: str) -> str:
    return f"{platform} refused {setting} ({code}): set a valid token and restart newsbot"


def assert_one_clean_refusal(bot: Proc, setting: str, name: str) -> None:
    """Exactly one line names `setting`, at ERROR; no traceback or secret anywhere; nothing says `name` is up."""
    log = bot.text
    assert "Traceback" not in log and not [secret for secret in (*SECRETS, TOKEN) if secret in log]
    [line] = [line for line in bot.log if setting in line]
    assert " ERROR " in line
    assert not re.search(rf"{name} started|{name} (socket|HTTP).* mode ready|{name} ready as", log)


async def test_discord_refusing_its_token_leaves_slack_serving(fakes, tmp_path) -> None:
    slack, fake_discord = fakes
    fake_discord.refuse_login = True
    bot, port = await both(slack, fake_discord, tmp_path)
    try:
        body = form("/rank", "", slack)
        async with aiohttp.ClientSession() as http:
            async with http.post(f"http://127.0.0.1:{port}/slack/events", data=body,
                                 headers=signed_headers(body)) as response:
                assert response.status == 200
                assert "*1.* GPT-5.4 — Score: 57" in texts(json.loads(await response.text())["blocks"])
        reason = refused("Discord", "DISCORD_TOKEN", "HTTP 401")
        assert await get(port, "/readyz") == (503, {"status": "not ready", "reasons": [reason]})
        assert await get(port, "/healthz") == (200, {"status": "ok"})
    finally:
        assert await bot.stop() == 0
    assert_one_clean_refusal(bot, "DISCORD_TOKEN", "discord")
    assert "slack started" in bot.text and "could not start" not in bot.text
    assert [c.path for c in fake_discord.calls] == ["users/@me"]  # never tried again


@pytest.mark.parametrize(("method", "setting"), [("auth.test", "SLACK_BOT_TOKEN"),
                                                 ("apps.connections.open", "SLACK_APP_TOKEN")])
async def test_slack_refusing_a_token_in_socket_mode_leaves_discord_serving(fakes, tmp_path, method, setting) -> None:
    slack, fake_discord = fakes
    slack.errors[method] = "invalid_auth"
    bot, port = await both(slack, fake_discord, tmp_path, SLACK_APP_TOKEN=APP_TOKEN)
    try:
        await seen(bot, "discord ready as")
        payload = slash("rank", benchmark="hle")
        await fake_discord.dispatch("INTERACTION_CREATE", payload)
        assert "58%" in json.dumps((await fake_discord.callback(int(payload["id"])))["data"]["embeds"])
        reason = refused("Slack", setting, "invalid_auth")
        assert await get(port, "/readyz") == (503, {"status": "not ready", "reasons": [reason]})
        assert await get(port, "/healthz") == (200, {"status": "ok"})
    finally:
        assert await bot.stop() == 0
    assert_one_clean_refusal(bot, setting, "slack")
    assert "discord started" in bot.text
    assert slack.calls.count(method) == 1  # never tried again
