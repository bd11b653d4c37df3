"""Feed figures: `newsbot run`'s own Poller (real Fetcher, parser, tagger, SQLite store and Newsroom) polling
200 feeds of 50 RSS 2.0 items each from a loopback aiohttp server in a process of its own (so the CPU
figures are the poller's alone): the first full pass, then a pass where every feed answers 304 to its
conditional GET; then /news p50/p99 on the Newsroom snapshot of 100,000 stored items, next to /rank on
the same Core, and what building that snapshot costs.

The Fetcher allows one request per host at a time and keys hosts by name; `*.localhost` does not resolve
here, so feed N is served at http://127.0.0.N:PORT/ (the server listens on each of 127.0.0.1..200, all
on loopback), one host per feed as with real feeds. Loopback is an internal address, which the Fetcher
refuses unless allowed: the bench allows 127.0.0.0/8 (FEED_ALLOW_PRIVATE), as an operator would.

Run: .venv/bin/python -m bench.bench_feeds [--feeds N] [--items N] [--stored N] [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import dataclasses
import datetime as dt
import email.utils
import multiprocessing
import random
import re
import statistics
import tempfile
import time
from collections.abc import Awaitable, Callable
from multiprocessing.connection import Connection
from pathlib import Path
from xml.sax.saxutils import escape

from bench.stats import report, timed
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.content.schema import Feed
from bot.core import Core, Request
from bot.core.commands.news import prepare
from bot.core.news import SNAPSHOT_ITEMS, snapshot
from bot.errors import StoreError
from bot.runtime.feeds.fetch import CONCURRENT
from bot.runtime.feeds.newsroom import news_item
from bot.runtime.feeds.poller import Poller, PollResult
from bot.runtime.settings import Settings
from bot.store import Store
from bot.store.feeds import BATCH, ItemRow

try:
    from bot.runtime.feeds.setup import build_poller
except ImportError:  # before the package was split into modules imported on their own
    from bot.runtime.feeds import build_poller  # type: ignore[attr-defined,no-redef]

ROOT = Path(__file__).resolve().parents[1]
WORDS = ("release", "agents", "benchmark", "weights", "safety", "pricing", "reasoning", "context", "latency",
         "evaluation", "training", "inference", "partnership", "launch", "update", "paper", "policy", "chips")
QUERIES = [
    ("no filter", "/news"),
    ("a model named in titles", "/news muse spark"),
    ("an organization", "/news anthropic"),
    ("a word", "/news reasoning"),
    ("two words", "/news open weights"),
    ("words matching nothing (blocks skipped by the word index)", "/news quantum zebra"),
]


def rss_kib() -> int:
    """This process's resident set (VmRSS), KiB."""
    return int(re.search(r"VmRSS:\s+(\d+)", Path("/proc/self/status").read_text()).group(1))


def host(n: int) -> str:
    """Feed n's own loopback address (one host per feed)."""
    return f"127.0.{n // 250}.{n % 250 + 1}"


def headline(rng: random.Random, index: int, models: list[str], organizations: list[str]) -> str:
    """About 70 characters: a third name a model, a tenth an organization, the rest neither."""
    title = " ".join(rng.sample(WORDS, 4)).capitalize()
    if index % 3 == 0:
        return f"{models[index % len(models)]}: {title}"
    if index % 10 == 1:
        return f"{organizations[index % len(organizations)]} {title}"
    return title


def summary(rng: random.Random, index: int) -> str:
    return " ".join(rng.choice(WORDS) for _ in range(22)) + f" {index}."


# the feed server, in its own process


def rss(n: int, feeds: int, items: int, base: dt.datetime, port: int, models: list[str],
        organizations: list[str]) -> bytes:
    """Feed n's RSS 2.0 document: `items` items, newest first; all the feeds' items are a minute apart."""
    rng = random.Random(n)
    entries = []
    for i in range(items):
        index = i * feeds + n
        published = base - dt.timedelta(minutes=index)
        link = f"http://{host(n)}:{port}/items/{i}"
        entries.append(
            f"<item><title>{escape(headline(rng, index, models, organizations))}</title><link>{link}</link>"
            f"<guid isPermaLink=\"false\">feed-{n}-item-{i}</guid>"
            f"<pubDate>{email.utils.format_datetime(published, usegmt=True)}</pubDate>"
            f"<description>{escape('<p>' + summary(rng, index) + '</p>')}</description></item>"
        )
    return (
        f"<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<rss version=\"2.0\"><channel><title>Feed {n}</title>"
        f"<link>http://{host(n)}:{port}/</link><description>Bench feed {n}</description>"
        + "".join(entries) + "</channel></rss>"
    ).encode()


def serve(conn: Connection, feeds: int, items: int, base: dt.datetime, models: list[str],
          organizations: list[str]) -> None:
    """The feed server process: sends its port, then answers 'stats' and 'stop' on `conn`."""
    asyncio.run(_serve(conn, feeds, items, base, models, organizations))


async def _serve(conn: Connection, feeds: int, items: int, base: dt.datetime, models: list[str],
                 organizations: list[str]) -> None:
    from aiohttp import web

    counts = {"200": 0, "304": 0, "other": 0}
    documents: dict[str, tuple[bytes, str]] = {}

    async def handle(request: web.Request) -> web.Response:
        found = documents.get(request.path)
        if found is None:
            counts["other"] += 1
            return web.Response(status=404)
        body, etag = found
        if request.headers.get("If-None-Match") == etag:
            counts["304"] += 1
            return web.Response(status=304, headers={"ETag": etag})
        counts["200"] += 1
        return web.Response(body=body, headers={"Content-Type": "application/rss+xml; charset=utf-8", "ETag": etag})

    app = web.Application()
    app.router.add_get("/{path:.*}", handle)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    first = web.TCPSite(runner, host(0), 0)
    await first.start()
    port = first._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    for n in range(1, feeds):
        await web.TCPSite(runner, host(n), port).start()
    for n in range(feeds):
        documents[f"/feed-{n}.xml"] = (rss(n, feeds, items, base, port, models, organizations), f'"feed-{n}-v1"')
    conn.send((port, sum(len(body) for body, _ in documents.values())))
    loop = asyncio.get_running_loop()
    while (message := await loop.run_in_executor(None, conn.recv)) != "stop":
        if message == "stats":
            conn.send(dict(counts))
            counts.update({key: 0 for key in counts})
    await runner.cleanup()


# the poller side


def with_feeds(catalog: Catalog, feeds: int, port: int) -> Catalog:
    """`catalog` following the bench server's `feeds` feeds."""
    chosen = {f"feed-{n}": Feed(id=f"feed-{n}", url=f"http://{host(n)}:{port}/feed-{n}.xml", name=f"Feed {n}")
              for n in range(feeds)}
    return dataclasses.replace(catalog, feeds=chosen)


async def in_flight(poller: Poller, most: list[int]) -> None:
    """Samples (every ms, between the loop's other work) how many of the Fetcher's request slots are taken."""
    slots = getattr(poller.fetcher, "_slots", None)
    while slots is not None:
        most[0] = max(most[0], CONCURRENT - slots._value)
        await asyncio.sleep(0.001)


async def one_pass(name: str, poller: Poller, conn: Connection, expected: str) -> list[PollResult]:
    """poll_now over every feed: wall time, polls/s, CPU per poll (this process, all its threads)."""
    most = [0]
    sampler = asyncio.create_task(in_flight(poller, most))
    wall, cpu = time.perf_counter(), time.process_time()
    try:
        results = await poller.poll_now()
    except StoreError as exc:  # poll_now gives up at the first one; the other polls go on: wait for them
        failed_after = time.perf_counter() - wall
        others = asyncio.all_tasks() - {asyncio.current_task(), sampler}
        await asyncio.wait(others, timeout=60)
        results = []
        print(f"\n{name}\n  FAILED: poll_now raised StoreError({exc}) after {failed_after:.1f} s; "
              f"the other polls went on and ended {time.perf_counter() - wall:.1f} s after the start")
    wall, cpu = time.perf_counter() - wall, time.process_time() - cpu
    sampler.cancel()
    conn.send("stats")
    served = conn.recv()
    if not results:
        print(f"  server answered {served}; CPU {cpu:.2f} s; the figures of this pass are not comparable")
        return results
    outcomes: dict[str, int] = {}
    for result in results:
        outcomes[result.result] = outcomes.get(result.result, 0) + 1
    polls = len(results)
    print(f"\n{name}")
    print(f"  wall time                                  {wall:8.2f} s   ({polls} polls)")
    print(f"  polls per second                           {polls / wall:8.1f}")
    print(f"  CPU per poll (poller process)              {1000 * cpu / polls:8.2f} ms   "
          f"(CPU {cpu:.2f} s over {wall:.2f} s wall = {100 * cpu / wall:.0f}% of one core)")
    print(f"  outcomes {outcomes}; server answered {served}; at most {most[0]} requests in flight "
          f"(sampled; the Fetcher allows {CONCURRENT})")
    failed = [result for result in results if result.result != expected]
    if failed:
        print(f"  {len(failed)} poll(s) not '{expected}', e.g. {failed[0]}")
    return results


async def timed_async(coroutine_function: Callable[[], Awaitable[object]], runs: int) -> list[float]:
    """Wall-clock seconds of each of `runs` awaited calls (no warm-up: each one is costly)."""
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        await coroutine_function()
        samples.append(time.perf_counter() - started)
    return samples


async def fill(poller: Poller, catalog: Catalog, count: int, base: dt.datetime, items_per_feed: int) -> None:
    """Store `count` more items through the store's own insert path (FeedStore.add, BATCH rows per call),
    each tagged by the Newsroom's tagger off the loop as the poller does; 30 s apart, older than the polled
    ones (`base` minus a minute per polled item)."""
    models = [model.name for model in catalog.models.values()]
    organizations = [org.name for org in catalog.organizations.values()]
    feeds = list(catalog.feeds)
    rng = random.Random(11)
    newsroom, store = poller.newsroom, poller.store
    oldest = base - dt.timedelta(minutes=len(feeds) * items_per_feed)

    def batch(start: int) -> list[ItemRow]:
        rows = []
        for index in range(start, min(count, start + BATCH)):
            feed = feeds[index % len(feeds)]
            row = ItemRow(feed=feed, key=f"https://{feed}.example/archive/{index}",
                          title=headline(rng, index, models, organizations),
                          link=f"https://{feed}.example/archive/{index}", summary=summary(rng, index),
                          published=oldest - dt.timedelta(seconds=30 * index + 1))
            rows.append(dataclasses.replace(row, tags=newsroom.tags(catalog, row),
                                            arrived=row.published + dt.timedelta(minutes=5)))
        return rows

    tagging = inserting = 0.0
    added = 0
    for start in range(0, count, BATCH):
        started = time.perf_counter()
        rows = await asyncio.to_thread(batch, start)
        tagging += time.perf_counter() - started
        started = time.perf_counter()
        added += (await store.run(poller.feeds.add, rows))[0]
        inserting += time.perf_counter() - started
    print(f"  {added:,} items built and tagged by the Newsroom's tagger in {tagging:.2f} s "
          f"({1e6 * tagging / count:.0f} µs/item), stored by FeedStore.add ({BATCH} a call) in {inserting:.2f} s "
          f"({count / inserting:,.0f} items/s)")


async def snapshot_figures(poller: Poller, catalog: Catalog) -> None:
    """What `newsroom.update(full=True)` costs with everything stored, whole and in parts."""
    newsroom, feeds = poller.newsroom, poller.feeds
    builds = await timed_async(lambda: newsroom.update(full=True), 3)
    shot = newsroom.latest()
    print(f"  Newsroom snapshot build, update(full=True): {1000 * min(builds):.0f} ms best, "
          f"{1000 * statistics.median(builds):.0f} ms median of {len(builds)} "
          f"({len(shot.items):,} newest items of SNAPSHOT_ITEMS={SNAPSHOT_ITEMS:,}; in the store's thread in the bot)")
    parts = {}
    started = time.perf_counter()
    feeds.rows()
    parts["feed states (rows)"] = time.perf_counter() - started
    started = time.perf_counter()
    feeds.counts()
    parts["item counts (GROUP BY)"] = time.perf_counter() - started
    started = time.perf_counter()
    rows = feeds.recent(catalog.feeds, SNAPSHOT_ITEMS)
    parts["newest items (recent)"] = time.perf_counter() - started
    started = time.perf_counter()
    items = [news_item(row) for row in rows]
    shot = snapshot(items, newsroom.latest().feeds, newsroom.clock())
    parts["NewsItems + snapshot()"] = time.perf_counter() - started
    started = time.perf_counter()
    prepare(shot)
    parts["word index (prepare)"] = time.perf_counter() - started
    print("    of which: " + ", ".join(f"{name} {1000 * seconds:.0f} ms" for name, seconds in parts.items()))
    steady = await timed_async(lambda: newsroom.update(), 10)
    print(f"  update() after a poll with nothing new (states + counts, no item read): "
          f"{1000 * statistics.median(steady):.1f} ms median")


def news_latency(core: Core, runs: int) -> None:
    print(f"\n/rank baseline and /news on the Newsroom snapshot ({len(core.news.latest().items):,} items)")
    report("  /rank (baseline)", timed(lambda: core.handle(Request.parse("/rank")), runs))
    worst = 0.0
    for label, line in QUERIES:
        request = Request.parse(line)
        answer = core.handle(request)
        _, p99 = report(f"  {line}", timed(lambda request=request: core.handle(request), runs),
                        target="p99 within 10 ms")
        print(f"    {label}: {answer.title} · {answer.page_label}")
        worst = max(worst, p99)
    print(f"  worst /news p99 {worst:.3f} ms (the core's large-catalog budget: 10 ms)")


async def bench(args: argparse.Namespace, conn: Connection, port: int, base: dt.datetime, catalog: Catalog,
                tmp: str) -> None:
    store = Store(f"sqlite:///{tmp}/feeds.db")
    await store.run(store.migrate)
    settings = Settings(CONTENT_DIR=ROOT / "content", DATABASE_URL=f"sqlite:///{tmp}/feeds.db",
                        FEED_ALLOW_PRIVATE="127.0.0.0/8")
    poller = build_poller(store, lambda: catalog, settings)
    newsroom = poller.newsroom
    try:
        before = rss_kib()
        await one_pass(f"first pass: {args.feeds} feeds x {args.items} items (all new, seeded)", poller, conn, "new")
        after_first = rss_kib()
        stored = sum((await store.run(poller.feeds.counts)).values())
        print(f"  items stored                               {stored:8,}")
        print(f"  RSS of this process: {before / 1024:.1f} MiB before, {after_first / 1024:.1f} MiB after "
              f"(+{(after_first - before) / 1024:.1f} MiB)")
        full = statistics.median(await timed_async(lambda: newsroom.update(full=True), 3))
        light = statistics.median(await timed_async(lambda: newsroom.update(), 5))
        print(f"  for scale: one snapshot rebuild, newsroom.update(full=True), at {stored:,} items takes "
              f"{1000 * full:.0f} ms (polls that finish together share one); update() with nothing new "
              f"{1000 * light:.1f} ms")

        await one_pass(f"second pass: every feed answers 304 ({stored:,} items stored)", poller, conn, "not_modified")
        print(f"  RSS of this process after it: {rss_kib() / 1024:.1f} MiB")

        print(f"\n{args.stored:,} items stored, /news on their snapshot")
        await fill(poller, catalog, args.stored - stored, base, args.items)
        await snapshot_figures(poller, catalog)
        print(f"  RSS of this process with the snapshot and its word index: {rss_kib() / 1024:.1f} MiB")
        news_latency(Core(catalog, news=newsroom), args.runs)

        total = sum((await store.run(poller.feeds.counts)).values())
        await one_pass(f"304 pass again with {total:,} items stored", poller, conn, "not_modified")
        print(f"  RSS of this process at the end: {rss_kib() / 1024:.1f} MiB")
    finally:
        await poller.close()
        store.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--feeds", type=int, default=200)
    parser.add_argument("--items", type=int, default=50, help="items per feed")
    parser.add_argument("--stored", type=int, default=100_000, help="items stored for the /news figures")
    parser.add_argument("--runs", type=int, default=1000, help="timed calls per /news query")
    args = parser.parse_args()
    catalog = load_catalog(ROOT / "content")
    base = dt.datetime.now(dt.UTC).replace(second=0, microsecond=0) - dt.timedelta(minutes=1)
    models = [model.name for model in catalog.models.values()]
    organizations = [org.name for org in catalog.organizations.values()]
    context = multiprocessing.get_context("spawn")
    ours, theirs = context.Pipe()
    server = context.Process(target=serve, args=(theirs, args.feeds, args.items, base, models, organizations),
                             daemon=True)
    server.start()
    try:
        port, size = ours.recv()
        print(f"feed server: separate process, {args.feeds} feeds on 127.0.0.1..{host(args.feeds - 1)} port {port}, "
              f"{args.items} items each, {size / args.feeds / 1024:.1f} KiB per document; ETag + If-None-Match -> 304")
        with tempfile.TemporaryDirectory() as tmp:
            asyncio.run(bench(args, ours, port, base, with_feeds(catalog, args.feeds, port), tmp))
    finally:
        ours.send("stop")
        server.join(10)
        if server.is_alive():
            server.terminate()


if __name__ == "__main__":
    main()
