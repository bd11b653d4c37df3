"""`newsbot run` as a subprocess, for the tests that drive the real process: `Bot` (blocking, any
settings) and `Proc` (asyncio, Slack's HTTP mode against the loopback fake Slack, the `fake` fixture), and a
database holding a digest subscription that is due as the processes start."""

from __future__ import annotations

import asyncio
import datetime as dt
import os
import re
import signal
import subprocess
import sys
import time
import urllib.request
from collections.abc import AsyncIterator
from pathlib import Path

import pytest

from bot.store import Store
from bot.store.digests import DigestStore, subscriptions
from tests.conftest import CONTENT, ROOT
from tests.slack.slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack


class Bot:
    """A `newsbot run` subprocess with its log on a pipe and its port read from that log."""

    def __init__(self, env: dict[str, str]) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, stdin=subprocess.DEVNULL,
            stderr=subprocess.PIPE, stdout=subprocess.DEVNULL, text=True,
            env={**os.environ, "PORT": "0", "CONSOLE": "off", **env},
        )
        self.log: list[str] = []
        self.port = int(self.wait_log(r"HTTP server on [\d.]+:(\d+)").group(1))

    def wait_log(self, pattern: str, timeout: float = 30.0) -> re.Match:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            line = self.process.stderr.readline()
            if not line and self.process.poll() is not None:
                break
            self.log.append(line)
            if match := re.search(pattern, line):
                return match
        raise AssertionError(f"no log line matching {pattern!r}; log so far:\n{''.join(self.log)}")

    def get(self, path: str) -> str:
        with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as response:
            return response.read().decode()

    def stop(self) -> tuple[int, float]:
        started = time.monotonic()
        self.process.send_signal(signal.SIGTERM)
        code = self.process.wait(timeout=20)
        self.log += self.process.stderr.readlines()
        self.process.stderr.close()
        return code, time.monotonic() - started


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
