"""Self-hosting figures: `newsbot run` start-up time to ready (no platform, and Slack + Discord against
loopback fakes), idle resident memory of each, and the time to reload the large catalog.

Run: .venv/bin/python -m bench.bench_runtime [--starts N]
"""

from __future__ import annotations

import argparse
import asyncio
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import aiohttp

from bench.large_catalog import write_large_catalog
from bench.stats import report
from bot.content.loader import load_catalog
from bot.core import Core
from bot.runtime.metrics import Metrics
from bot.runtime.reload import ContentReloader
from tests.discord.fakediscord import FakeDiscord
from tests.slack.slack_fakes import APP_TOKEN, BOT_TOKEN, FakeSlack

ROOT = Path(__file__).resolve().parents[1]
IDLE_SECONDS = 5


async def start_once(env: dict[str, str], data: Path) -> tuple[float, int]:
    """Seconds from spawning `newsbot run` to /readyz answering 200, and its RSS (KiB) after idling."""
    started = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        sys.executable, "-m", "bot.cli", "run", cwd=ROOT, stdin=asyncio.subprocess.DEVNULL,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE,
        env={**os.environ, "PORT": "0", "CONSOLE": "off", "DATABASE_URL": f"sqlite:///{data}/bench.db", **env},
    )
    port = None
    while port is None:
        line = (await process.stderr.readline()).decode()
        if not line:
            raise RuntimeError("newsbot run exited before serving")
        if match := re.search(r"HTTP server on [\d.]+:(\d+)", line):
            port = int(match.group(1))
    drain = asyncio.create_task(process.stderr.read())
    async with aiohttp.ClientSession() as http:
        while True:
            async with http.get(f"http://127.0.0.1:{port}/readyz") as response:
                if response.status == 200:
                    break
            await asyncio.sleep(0.01)
    ready = time.perf_counter() - started
    await asyncio.sleep(IDLE_SECONDS)
    rss = int(re.search(r"VmRSS:\s+(\d+)", Path(f"/proc/{process.pid}/status").read_text()).group(1))
    process.terminate()
    await process.wait()
    drain.cancel()
    return ready, rss


async def starts(name: str, env: dict[str, str], count: int) -> None:
    times, rss = [], []
    with tempfile.TemporaryDirectory() as data:
        for _ in range(count):
            seconds, kib = await start_once(env, Path(data))
            times.append(seconds)
            rss.append(kib)
    report(f"start to ready: {name}", times)
    print(f"{'idle RSS after ' + str(IDLE_SECONDS) + ' s: ' + name:<44} max {max(rss) / 1024:.1f} MiB   "
          f"(target <= 120 MiB with both platforms)")


async def reload_large() -> None:
    core = Core(load_catalog(ROOT / "content"))
    with tempfile.TemporaryDirectory() as directory:
        write_large_catalog(directory)
        times = []
        for _ in range(3):
            reloader = ContentReloader(Path(directory), "", core, Metrics())
            core.use(load_catalog(ROOT / "content"))
            started = time.perf_counter()
            assert await reloader.reload()
            times.append(time.perf_counter() - started)
    report("reload the large catalog (validate + swap)", times, target="< 1 s")


async def main(count: int) -> None:
    await starts("no platform", {}, count)
    slack, discord = FakeSlack(), FakeDiscord()
    await slack.server.start_server()
    await discord.start()
    try:
        both = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_APP_TOKEN": APP_TOKEN, "SLACK_API_URL": slack.url + "/api",
                "DISCORD_TOKEN": "bench.discord.token", "DISCORD_API_URL": discord.api_url,
                "DISCORD_GATEWAY_URL": discord.gateway_url}
        await starts("Slack (Socket Mode) + Discord, fakes", both, count)
    finally:
        await discord.close()
        await slack.server.close()
    await reload_large()


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--starts", type=int, default=5)
    asyncio.run(main(parser.parse_args().starts))
