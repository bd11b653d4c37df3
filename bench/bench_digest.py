"""Digest fan-out figures: one digest to 1,000 channels through `newsbot run`'s own runtime (real
SlackPlatform / DiscordPlatform, real Deliverer, SQLite) against loopback fakes that enforce the
platforms' posting limits (Slack ~1 message/s per channel; Discord 5 per 5 s per channel and 50
requests/s overall, answered with 429 and retry_after as Discord does); and the idle resident memory
of a `newsbot run` process whose scheduler holds 1,000 subscriptions.

Run: .venv/bin/python -m bench.bench_digest [--channels N]
"""

from __future__ import annotations

import argparse
import asyncio
import collections
import datetime as dt
import json
import os
import resource
import sys
import tempfile
import time
import warnings
from pathlib import Path

from aiohttp import web

with warnings.catch_warnings():
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    import discord

from bot.runtime.run import Runtime
from bot.runtime.settings import Settings
from bot.store.digests import DigestStore
from tests.conftest import CONTENT
from tests.discord.fakediscord import GUILD_ID, TOKEN, FakeDiscord, RateLimit
from tests.slack.slack_fakes import BOT_TOKEN, SIGNING_SECRET, FakeSlack

ROOT = Path(__file__).resolve().parents[1]


class Window:
    """Counts requests per key in a sliding window; `over(key)` says whether one more is too many."""

    def __init__(self, limit: int, seconds: float) -> None:
        self.limit, self.seconds = limit, seconds
        self.seen: dict[str, collections.deque[float]] = collections.defaultdict(collections.deque)

    def wait(self, key: str) -> float:
        """0 and counted if allowed now, else the seconds until it would be."""
        now = time.monotonic()
        times = self.seen[key]
        while times and now - times[0] >= self.seconds:
            times.popleft()
        if len(times) >= self.limit:
            return self.seconds - (now - times[0])
        times.append(now)
        return 0.0


class LimitedSlack(FakeSlack):
    """chat.postMessage limited to 1 per second per channel (429 with Retry-After)."""

    def __init__(self) -> None:
        super().__init__()
        self.window, self.refused = Window(1, 1.0), 0

    async def _api(self, request: web.Request) -> web.Response:
        if request.match_info["method"] == "chat.postMessage":
            body = json.loads(await request.read())
            if self.window.wait(body["channel"]):
                self.refused += 1
                return web.json_response({"ok": False, "error": "ratelimited"}, status=429, headers={"Retry-After": "1"})
        return await super()._api(request)


class LimitedDiscord(FakeDiscord):
    """Channel messages limited to 5 per 5 s per channel and every request to 50 per second."""

    def __post_init__(self) -> None:
        super().__post_init__()
        self.per_channel, self.overall, self.refused = Window(5, 5.0), Window(50, 1.0), 0

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        wait = self.overall.wait("all")
        if not wait and path.startswith("channels/") and request.method == "POST":
            wait = self.per_channel.wait(path)
        if wait:
            self.refused += 1
            return RateLimit(retry_after=round(wait, 3), route=path).response()
        return await super()._rest(request)

    def posts(self) -> int:
        return sum(1 for call in self.calls if call.method == "POST" and call.path.startswith("channels/"))


def settings(tmp: Path, **platform: object) -> Settings:
    return Settings(PORT=0, CONSOLE="off", RELOAD=False, CONTENT_DIR=CONTENT, DATABASE_URL=f"sqlite:///{tmp}/digest.db",
                    **platform)


async def fan_out(runtime: Runtime, platform: str, workspace: str, channels: list[str]) -> float:
    """Subscribe every channel, deliver one slot to all at once; the seconds until all are done."""
    digests = DigestStore(runtime.store)
    ids = [digests.upsert(platform, workspace, channel, "", "daily 09:00", "0 9 * * *", "UTC", "bench").id
           for channel in channels]
    deliverer = runtime.desk.scheduler.deliverer
    slot = dt.datetime.now(dt.UTC).replace(microsecond=0)
    started = time.perf_counter()
    results = await asyncio.gather(*(deliverer.spawn(i, slot) for i in ids))
    elapsed = time.perf_counter() - started
    failed = [r.detail for r in results if not r.posted]
    if failed:
        print(f"  {len(failed)} not posted, e.g. {failed[0]}")
    return elapsed


async def slack_run(count: int) -> None:
    fake = LimitedSlack()
    await fake.server.start_server()
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(settings(Path(tmp), SLACK_BOT_TOKEN=BOT_TOKEN, SLACK_SIGNING_SECRET=SIGNING_SECRET,
                                   SLACK_API_URL=f"{fake.url}/api"))
        await runtime.start()
        try:
            seconds = await fan_out(runtime, "slack", "T0TEST", [f"C{i:06d}" for i in range(count)])
        finally:
            await runtime.stop()
    await fake.server.close()
    posts = len(fake.posts)
    print(f"Slack:   {posts} posts to {count} channels in {seconds:.2f} s = {posts / seconds:.0f} posts/s "
          f"(ceiling at 1/s per channel: {count} posts/s); 429s answered: {fake.refused}")


async def discord_run(count: int) -> None:
    base, gateway = discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY
    fake = LimitedDiscord()
    await fake.start()
    with tempfile.TemporaryDirectory() as tmp:
        runtime = Runtime(settings(Path(tmp), DISCORD_TOKEN=TOKEN, DISCORD_API_URL=fake.api_url,
                                   DISCORD_GATEWAY_URL=fake.gateway_url, DISCORD_GUILD_IDS=(GUILD_ID,)))
        await runtime.start()
        try:
            before = fake.posts()
            seconds = await fan_out(runtime, "discord", str(GUILD_ID), [str(900000000000000000 + i) for i in range(count)])
            posts = fake.posts() - before
        finally:
            await runtime.stop()
    await fake.close()
    discord.http.Route.BASE, discord.gateway.DiscordWebSocket.DEFAULT_GATEWAY = base, gateway
    print(f"Discord: {posts} posts to {count} channels in {seconds:.2f} s = "
          f"{count / seconds:.1f} digests/s (ceiling at 50 requests/s overall: {count / 50:.0f} s); 429s: {fake.refused}")


async def idle_rss(count: int) -> None:
    """RSS of `newsbot run` (Slack HTTP mode against the fake) with `count` subscriptions scheduled."""
    fake = FakeSlack()
    await fake.server.start_server()
    with tempfile.TemporaryDirectory() as tmp:
        from bot.store import Store

        store = Store(f"sqlite:///{tmp}/idle.db")
        store.migrate()
        digests = DigestStore(store)
        for i in range(count):
            digests.upsert("slack", "T0TEST", f"C{i:06d}", "", "daily 09:00", "0 9 * * *", "UTC", "bench")
        store.close()
        process = await asyncio.create_subprocess_exec(
            sys.executable, "-m", "bot.cli", "run", cwd=ROOT, stdin=asyncio.subprocess.DEVNULL,
            stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
            env={**os.environ, "PORT": "0", "CONSOLE": "off", "DATABASE_URL": f"sqlite:///{tmp}/idle.db",
                 "SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET, "SLACK_API_URL": f"{fake.url}/api"},
        )
        while b"subscription(s) scheduled" not in (line := await process.stderr.readline()):
            if not line:
                raise SystemExit("newsbot run ended before scheduling")
        await asyncio.sleep(5)
        status = Path(f"/proc/{process.pid}/status").read_text()
        rss = int(next(line for line in status.splitlines() if line.startswith("VmRSS")).split()[1])
        process.terminate()
        await process.wait()
    await fake.server.close()
    print(f"Idle `newsbot run` (Slack, scheduler with {count} subscriptions): {rss / 1024:.1f} MiB (target <= 120 MB)")


async def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--channels", type=int, default=1000)
    count = parser.parse_args().channels
    await slack_run(count)
    await discord_run(count)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"Peak RSS of this benchmark process (runtime + both fakes): {peak:.1f} MiB")
    await idle_rss(count)


if __name__ == "__main__":
    asyncio.run(main())
