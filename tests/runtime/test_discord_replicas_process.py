"""Discord replicas as real `newsbot run` processes on one PostgreSQL database, against a loopback Discord
that sends every interaction to every gateway session of the bot (as Discord does for unsharded sessions)
and refuses a second answer with 40060: one replica holds the gateway through the lease, the other stands
by (ready, and saying so); each interaction is answered once and `/digest now` posts once, with no ERROR
line; a SIGTERM'd holder hands the gateway over at once, a killed one once its lease lapses."""

from __future__ import annotations

import asyncio
import json
import os
import signal
import sys
import warnings
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    import discord

from bot.store import Store
from bot.store.digests import DigestStore
from tests.conftest import CONTENT, ROOT
from tests.discord.fakediscord import CHANNEL_ID, GUILD_ID, TOKEN, slash, with_permissions
from tests.fakes.discord_replicas import ReplicaDiscord
from tests.runtime.postgres import postgres  # noqa: F401 - the fixture
from tests.runtime.processes import Proc

LEASE_TIMEOUT = "2"
"""The replicas' LEASE_TIMEOUT: heartbeats every 0.4 s, so a killed holder is taken over in seconds."""
TAKEOVER = 30.0
"""Seconds a stand-by may take to hold the gateway after the holder stops or dies (the issue's bound)."""
MANAGE = discord.Permissions(view_channel=True, send_messages=True, manage_channels=True).value


@pytest.fixture
async def fake() -> AsyncIterator[ReplicaDiscord]:
    server = ReplicaDiscord()
    await server.start()
    yield server
    await server.close()


class Replica(Proc):
    """A `newsbot run` process with Discord pointed at the fake, its HTTP port, and JSON logs."""

    port = 0

    @classmethod
    async def run(cls, fake: ReplicaDiscord, database: str) -> Replica:
        env = {
            **os.environ, "PORT": "0", "CONSOLE": "off", "RELOAD": "false", "CONTENT_DIR": str(CONTENT),
            "DATABASE_URL": database, "DISCORD_TOKEN": TOKEN, "DISCORD_API_URL": fake.api_url,
            "DISCORD_GATEWAY_URL": fake.gateway_url, "DISCORD_GUILD_IDS": str(GUILD_ID), "LOG_LEVEL": "INFO",
            "LOG_FORMAT": "json", "LEASE_TIMEOUT": LEASE_TIMEOUT,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        replica = cls(process)
        replica.port = int((await replica.wait_log(r"HTTP server on [\d.]+:(\d+)")).group(1))
        return replica

    async def role(self) -> str:
        """'holder' once this replica's gateway session is ready, 'stand-by' once it says it is one."""
        match = await self.wait_log(r"discord ready as|discord: stand-by")
        return "holder" if "ready as" in match.group(0) else "stand-by"

    async def get(self, path: str) -> tuple[int, str]:
        async with aiohttp.ClientSession() as http, http.get(f"http://127.0.0.1:{self.port}{path}") as response:
            return response.status, await response.text()

    async def gauge(self, series: str) -> float:
        """The value of one /metrics series, once the supervisor has set it."""
        async with asyncio.timeout(10):
            while True:
                _, text = await self.get("/metrics")
                line = next((line for line in text.splitlines() if line.startswith(series + " ")), None)
                if line is not None:
                    return float(line.split()[-1])
                await asyncio.sleep(0.1)

    def loud(self) -> list[dict[str, Any]]:
        """Log records at ERROR or above, or with a traceback."""
        records = [json.loads(line) for line in self.log if line.startswith("{")]
        return [r for r in records if r["level"] in ("ERROR", "CRITICAL") or "exception" in r]


async def answered_once(fake: ReplicaDiscord, payload: dict[str, Any]) -> dict[str, Any]:
    """Send an interaction to every gateway session; the one callback it got (there is one session)."""
    assert len(fake.sessions) == 1, "more than one replica holds a gateway session"
    await fake.dispatch("INTERACTION_CREATE", payload)
    return await fake.callback(int(payload["id"]), timeout=10)


async def takes_over(replica: Replica) -> None:
    await replica.wait_log(r"this replica holds the lease discord\.listen: listening", timeout=TAKEOVER)
    await replica.wait_log(r"discord ready as", timeout=TAKEOVER)


async def test_one_replica_holds_the_gateway_and_a_stand_by_takes_over(fake: ReplicaDiscord, postgres: str) -> None:
    store = Store(postgres)
    store.migrate()
    DigestStore(store).upsert("discord", str(GUILD_ID), str(CHANNEL_ID), "", "yearly", "0 0 1 1 *", "UTC", "U0")
    replicas = list(await asyncio.gather(Replica.run(fake, postgres), Replica.run(fake, postgres)))
    try:
        roles = await asyncio.gather(*(replica.role() for replica in replicas))
        assert sorted(roles) == ["holder", "stand-by"]
        holder, standby = replicas if roles[0] == "holder" else replicas[::-1]
        assert fake.identifies == 1

        status, body = await standby.get("/readyz")
        ready = json.loads(body)
        assert status == 200 and ready["status"] == "ready" and "reasons" not in ready
        [note] = ready["notes"]
        assert note.startswith("discord: stand-by, replica ") and note.endswith(" listens (lease discord.listen)")
        assert json.loads((await holder.get("/readyz"))[1]) == {"status": "ready"}
        assert (await standby.get("/healthz"))[0] == 200
        assert await standby.gauge('newsbot_platform_listening{platform="discord"}') == 0
        assert await standby.gauge('newsbot_platform_connected{platform="discord"}') == 1
        assert await holder.gauge('newsbot_platform_listening{platform="discord"}') == 1

        rank = await answered_once(fake, slash("rank"))
        assert rank["type"] == 4
        now = await answered_once(fake, with_permissions(slash("digest", action="now"), MANAGE))
        assert "Posted" in now["data"]["embeds"][0]["title"]
        assert len(fake.posts(CHANNEL_ID)) == 1

        assert await holder.stop() == 0  # SIGTERM: the holder releases the lease at once
        await takes_over(standby)
        assert (await answered_once(fake, slash("help")))["type"] == 4

        third = await Replica.run(fake, postgres)
        replicas.append(third)
        assert await third.role() == "stand-by"
        assert await standby.stop(signal.SIGKILL) == -signal.SIGKILL  # its lease lapses after LEASE_TIMEOUT
        await takes_over(third)
        assert (await answered_once(fake, slash("rank"))).get("type") == 4
    finally:
        for replica in replicas:
            if replica.process.returncode is None:
                assert await replica.stop() == 0
        store.close()
    assert all(len(fake.callbacks(i)) == 1 for i in fake.acknowledged)  # nobody answered twice, or was refused
    assert len(fake.posts(CHANNEL_ID)) == 1
    for replica in replicas:
        assert replica.loud() == [], replica.text
