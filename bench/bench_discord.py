"""Benchmark: Discord autocomplete on the large catalog, and INTERACTION_CREATE -> callback for /rank.

1. Autocomplete: the adapter's autocomplete callback (core fuzzy completion + Choice building) for
   benchmark, model and FAQ options on bench.large_catalog (1,000 models, 100 benchmarks scoring every
   model, 10,000 events, 2,000 FAQ entries), with partial and misspelt names. Target p99 <= 5 ms.
2. /rank: time from the loopback fake gateway writing INTERACTION_CREATE to the interaction callback
   arriving at the fake's REST, through discord.py's real gateway, parsing and CommandTree, for newsbot
   and for a bare discord.py client that sends one constant embed (the floor), both running at once and
   measured in alternating blocks, and their ratio. Target p99 <= 20 ms.
Run: .venv/bin/python bench/bench_discord.py [--requests N] [--completions N]
"""

from __future__ import annotations

import argparse
import asyncio
import random
import sys
import tempfile
import time
import warnings
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path[:0] = [str(ROOT), str(ROOT / "tests" / "discord")]

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    import discord

from discord import app_commands  # noqa: E402
from fakediscord import TOKEN, FakeDiscord, slash  # noqa: E402

from bench.large_catalog import write_large_catalog  # noqa: E402
from bench.stats import report  # noqa: E402
from bot.adapters.discord import DiscordConfig, DiscordPlatform, Tuning  # noqa: E402
from bot.adapters.discord.client import apply_endpoints  # noqa: E402
from bot.adapters.discord.commands import completer  # noqa: E402
from bot.content.loader import load_catalog  # noqa: E402
from bot.core import Core, Request  # noqa: E402
from bot.runtime.reload import settle_heap  # noqa: E402
from bot.runtime.service import Service  # noqa: E402

CONTENT = ROOT / "content"
WARMUP = 200
BLOCK = 100  # /rank requests per block; the bare client and newsbot alternate blocks


def typed(rng: random.Random, label: str) -> str:
    """What someone has typed so far: a prefix, maybe with one letter swapped."""
    text = label[: rng.randint(1, len(label))]
    if len(text) > 3 and rng.random() < 0.4:
        i = rng.randrange(len(text) - 1)
        text = text[:i] + text[i + 1] + text[i] + text[i + 2 :]
    return text.lower()


async def bench_autocomplete(count: int) -> None:
    with tempfile.TemporaryDirectory() as directory:
        started = time.perf_counter()
        catalog = load_catalog(write_large_catalog(directory))
        settle_heap()  # as `newsbot run` does after loading
        print(f"large catalog: {catalog.counts()} loaded in {time.perf_counter() - started:.1f} s")
    service = Service(Core(catalog))
    rng = random.Random(1)
    labels = {
        "benchmark": [b.name for b in catalog.benchmarks.values()],
        "model": [m.name for m in catalog.models.values()],
        "faq": [q.question for q in catalog.faq],
    }
    everything: list[float] = []
    for kind, names in labels.items():
        complete = completer(service, kind)
        queries = [typed(rng, rng.choice(names)) for _ in range(count)] + ["", "zzqx"]
        for text in queries[:50]:
            await complete(None, text)  # type: ignore[arg-type]
        times = []
        for text in queries:
            started = time.perf_counter()
            choices = await complete(None, text)  # type: ignore[arg-type]
            times.append(time.perf_counter() - started)
            assert len(choices) <= 25
        report(f"autocomplete {kind}", times)
        everything += times
    report("autocomplete all kinds (target p99 <= 5 ms)", everything)


async def measure(gateway: FakeDiscord, rest: FakeDiscord, requests: int) -> list[float]:
    """Seconds from `gateway` writing each INTERACTION_CREATE for /rank to its callback reaching `rest`."""
    times = []
    for _ in range(requests):
        interaction = slash("rank")
        after = len(rest.calls)
        started = time.perf_counter()
        await gateway.dispatch("INTERACTION_CREATE", interaction)
        call = await rest.wait_for(lambda c: c.path.startswith(f"interactions/{interaction['id']}/"), after=after)
        assert call.body["type"] == 4 and call.body["data"]["embeds"]
        times.append(call.at - started)
    return times


async def start_bare(fake: FakeDiscord) -> tuple[discord.Client, asyncio.Task[None]]:
    """A bare discord.py client on `fake` whose /rank sends one constant embed."""
    apply_endpoints(fake.api_url, fake.gateway_url)
    client = discord.Client(intents=discord.Intents.none(), guild_ready_timeout=0.05)
    tree = app_commands.CommandTree(client)
    embed = discord.Embed(title="constant", description="one constant embed")

    @tree.command(name="rank", description="constant")
    async def rank(interaction: discord.Interaction) -> None:
        await interaction.response.send_message(embed=embed)

    await client.login(TOKEN)
    task = asyncio.create_task(client.connect())
    await client.wait_until_ready()
    return client, task


async def bench_rank(requests: int) -> tuple[list[float], list[float]]:
    """(bare, newsbot) times, in alternating blocks so that both see the same machine load.

    Both clients run at once: discord.py's REST base is process-wide, so both call `rest`; the bare
    client's gateway is `rest`'s, newsbot's is another fake's."""
    rest, gateway = FakeDiscord(), FakeDiscord()
    await rest.start()
    await gateway.start()
    client, task = await start_bare(rest)
    config = DiscordConfig(token=TOKEN, api_url=rest.api_url, gateway_url=gateway.gateway_url)
    service = Service(Core(load_catalog(CONTENT)))
    # /rank carries its chart by default (CHARTS=auto): draw it once, as the first user's /rank would,
    # so the measured path is the usual one: the cached PNG attached to the reply.
    await service.picture(service.core.handle(Request.parse("/rank", pictures="inline")).chart)
    platform = DiscordPlatform(config, service, Tuning(guild_ready_timeout=0.05))
    await platform.start()
    await platform.listen()
    await platform.wait_until_ready()
    try:
        await measure(rest, rest, WARMUP)
        await measure(gateway, rest, WARMUP)
        bare: list[float] = []
        newsbot: list[float] = []
        for _ in range(max(1, requests // BLOCK)):
            bare += await measure(rest, rest, BLOCK)
            newsbot += await measure(gateway, rest, BLOCK)
        return bare, newsbot
    finally:
        await platform.stop()
        await client.close()
        await task
        await gateway.close()
        await rest.close()


async def main(requests: int, completions: int) -> None:
    await bench_autocomplete(completions)
    bare_times, newsbot_times = await bench_rank(requests)
    bare = report("bare discord.py, constant embed (floor)", bare_times)
    newsbot = report("newsbot /rank, with its chart (target p99 <= 20 ms)", newsbot_times)
    print(f"{'ratio newsbot / bare':<44} p50 {newsbot[0] / bare[0]:7.2f}x    p99 {newsbot[1] / bare[1]:7.2f}x")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    parser.add_argument("--completions", type=int, default=1000)
    arguments = parser.parse_args()
    asyncio.run(main(arguments.requests, arguments.completions))
