"""Digests across real `newsbot run` processes against the loopback fake Slack: two replicas on one
PostgreSQL both due for the same slot post it once; a replica killed with SIGKILL between claim and
result leaves no duplicate and no silent loss (the restarted one settles it as uncertain, in the log)."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import sys
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.digests import DigestStore, deliveries, subscriptions
from bot.runtime.digests.scheduler import SETTLE_AGE
from tests.runtime.postgres import private_schema_url
from tests.conftest import CONTENT, ROOT
from tests.slack.slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack



class Proc:
    """A `newsbot run` subprocess (Slack HTTP mode against the fake) whose log is read as it comes."""

    def __init__(self, process: asyncio.subprocess.Process) -> None:
        self.process = process
        self.log: list[str] = []

    @classmethod
    async def start(cls, fake: FakeSlack, database: str, content: Path = CONTENT, **settings: str) -> Proc:
        """`newsbot run` with Slack's HTTP mode against `fake`, and any other `settings`."""
        env = {
            **os.environ, "PORT": "0", "CONSOLE": "off", "RELOAD": "false", "CONTENT_DIR": str(content),
            "DATABASE_URL": database, "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
            "SLACK_API_URL": f"{fake.url}/api", "LOG_LEVEL": "INFO", **settings,
        }
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=ROOT, env=env,
            stdin=asyncio.subprocess.DEVNULL, stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        )
        return cls(process)

    async def wait_log(self, pattern: str, timeout: float = 30.0) -> re.Match[str]:
        try:
            async with asyncio.timeout(timeout):
                while line := (await self.process.stderr.readline()).decode():
                    self.log.append(line)
                    if match := re.search(pattern, line):
                        return match
        except TimeoutError:
            pass
        raise AssertionError(f"no log line matching {pattern!r}; log so far:\n{''.join(self.log)}")

    async def stop(self, sig: int = signal.SIGTERM) -> int:
        self.process.send_signal(sig)
        rest = await self.process.stderr.read()
        self.log += rest.decode().splitlines(keepends=True)
        return await asyncio.wait_for(self.process.wait(), 30)

    @property
    def text(self) -> str:
        return "".join(self.log)


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.server.start_server()
    yield slack
    await slack.server.close()


@pytest.fixture
def postgres() -> Iterator[str]:
    """A private schema on the test PostgreSQL; the URL newsbot processes use for it."""
    yield from private_schema_url()


def due_subscription(database: str, channel: str = "C0NEWS") -> tuple[Store, DigestStore, int]:
    """A migrated database holding a daily subscription whose slot was half an hour ago: made an hour ago,
    so each process starting now finds that slot missed and delivers it (within the grace), and no other
    slot comes due while the test runs, whatever the time of day."""
    store = Store(database)
    store.migrate()
    digests = DigestStore(store)
    now = dt.datetime.now(dt.UTC)
    slot = now - dt.timedelta(minutes=30)
    cron = f"{slot.minute} {slot.hour} * * *"
    row = digests.upsert("slack", "T0TEST", channel, "", cron, cron, "UTC", "U0ADMIN")
    earlier = now - dt.timedelta(hours=1)
    with store.engine.begin() as connection:
        connection.execute(subscriptions.update().where(subscriptions.c.id == row.id)
                           .values(created_at=earlier, updated_at=earlier))
    return store, digests, row.id


async def settled(digests: DigestStore, subscription_id: int) -> list[str]:
    """The delivery states once none is still 'claimed'."""
    async with asyncio.timeout(30):
        while True:
            rows = await asyncio.to_thread(digests.deliveries, subscription_id)
            if rows and all(row.state != "claimed" for row in rows):
                return [row.state for row in rows]
            await asyncio.sleep(0.05)


async def test_two_replicas_due_for_the_same_slot_post_it_once(fake: FakeSlack, postgres: str) -> None:
    store, digests, sub = due_subscription(postgres)
    bots = await asyncio.gather(Proc.start(fake, postgres), Proc.start(fake, postgres))
    try:
        for bot in bots:
            await bot.wait_log(r"digests: 1 subscription\(s\) scheduled")
        assert await settled(digests, sub) == ["posted"]
    finally:
        codes = [await bot.stop() for bot in bots]  # SIGTERM waits for deliveries in flight
        store.close()
    assert codes == [0, 0]
    assert fake.calls.count("chat.postMessage") == 1 and [p["channel"] for p in fake.posts] == ["C0NEWS"]
    for bot in bots:
        assert "Traceback" not in bot.text and BOT_TOKEN not in bot.text


async def test_sigkill_between_claim_and_result_is_settled_uncertain_at_restart(fake: FakeSlack, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/bot.db"
    store, digests, sub = due_subscription(database)
    fake.silent.add("chat.postMessage")  # the post goes out and no answer comes back
    first = await Proc.start(fake, database)
    try:
        await first.wait_log(r"digests: 1 subscription\(s\) scheduled")
        async with asyncio.timeout(30):
            while "chat.postMessage" not in fake.calls:
                await asyncio.sleep(0.02)
        [claimed] = digests.deliveries(sub)
        assert claimed.state == "claimed"
    finally:
        assert await first.stop(signal.SIGKILL) == -signal.SIGKILL
    fake.silent.clear()
    # the restarted process has a replica id of its own (host:pid:random), so it takes the dead claim
    # for another's: settled once it is older than SETTLE_AGE (a live replica's is never that old)
    with store.engine.begin() as connection:
        connection.execute(deliveries.update().values(claimed_at=claimed.claimed_at - SETTLE_AGE))
    second = await Proc.start(fake, database)
    try:
        line = await second.wait_log(r".*outcome=uncertain.*")
        await second.wait_log(r"digests: 1 subscription\(s\) scheduled")
    finally:
        assert await second.stop() == 0
        store.close()
    assert f"subscription={sub}" in line.group(0) and "may or may not have been posted" in line.group(0)
    assert [row.state for row in digests.deliveries(sub)] == ["uncertain"]
    assert fake.calls.count("chat.postMessage") == 1  # not posted again
    assert "Traceback" not in second.text
