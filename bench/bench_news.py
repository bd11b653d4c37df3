"""/news figures: p50/p99 per query on a synthetic 100,000-item snapshot (no filter, a model, an
organization, words, dates, pages deep down), the one-off cost of a new snapshot's search text, and the core's
/rank in the same process as the baseline.

Run: .venv/bin/python -m bench.bench_news [--runs N] [--items N]
"""

from __future__ import annotations

import argparse
import datetime as dt
import random
import time
from dataclasses import replace
from pathlib import Path

from bench.stats import report, timed
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.content.schema import Feed
from bot.core import Core, Request, news
from bot.core.news import FeedState, NewsItem, NewsSnapshot, snapshot

ROOT = Path(__file__).resolve().parents[1]
TAKEN = dt.datetime(2026, 4, 13, 9, 0, tzinfo=dt.UTC)
FEEDS = ("lab-blog", "research-news", "industry-wire", "policy-watch", "open-models")
WORDS = ("release", "agents", "benchmark", "weights", "safety", "pricing", "reasoning", "context", "latency",
         "evaluation", "training", "inference", "partnership", "launch", "update", "paper", "policy", "chips")
QUERIES = [
    "/news", "/news muse spark", "/news meta", "/news open weights", "/news agents reasoning safety",
    "/news page 5000", "/news meta page 300", "/news open weights page 50", "/news quantum zebra",
    "/news 99999", "/news april 2026", "/news meta 2026-04-08", "/news open weights last week",
    "/news muse spark 08/04/2026 page 2", "/news agents march 2026 page 30",
]


class SnapshotDesk:
    """A NewsDesk that hands over one snapshot (what the runtime's desk does, minus the polling)."""

    def __init__(self, shot: NewsSnapshot) -> None:
        self.shot = shot

    def latest(self) -> NewsSnapshot:
        return self.shot


def with_feeds(catalog: Catalog) -> Catalog:
    """`catalog` following the synthetic feeds."""
    feeds = {f: Feed(id=f, url=f"https://{f}.example/feed.xml", name=f.replace("-", " ").title()) for f in FEEDS}
    return replace(catalog, feeds=feeds)


def synthetic_items(catalog: Catalog, count: int, seed: int = 7) -> list[NewsItem]:
    """`count` items a minute apart before TAKEN: a third name a model, a tenth an organization, the rest
    none; titles of about 70 and summaries of about 200 characters; the oldest tenth seeded (arrived None)."""
    rng = random.Random(seed)
    models, organizations = list(catalog.models.values()), list(catalog.organizations.values())
    items = []
    for index in range(count):
        words = rng.sample(WORDS, 6)
        tags: tuple[str, ...] = ()
        title = " ".join(words[:4]).capitalize()
        if index % 3 == 0:
            model = models[index % len(models)]
            title, tags = f"{model.name}: {title}", (model.id,) + ((model.maker,) if model.maker else ())
        elif index % 10 == 1:
            org = organizations[index % len(organizations)]
            title, tags = f"{org.name} {title}", (org.id,)
        summary = " ".join(rng.choice(WORDS) for _ in range(22)) + f" {index}."
        published = TAKEN - dt.timedelta(minutes=index + 1)
        arrived = None if index >= count * 0.9 else published + dt.timedelta(minutes=5)
        items.append(NewsItem(FEEDS[index % len(FEEDS)], title, f"https://{FEEDS[index % len(FEEDS)]}.example/"
                              f"{index}", published, tags, summary, arrived))
    return items


def synthetic_snapshot(catalog: Catalog, count: int = 100_000) -> NewsSnapshot:
    """A snapshot of `count` synthetic items from the synthetic feeds, all polled at TAKEN: built by
    bot.core.news.snapshot, whose SNAPSHOT_ITEMS cap is raised to `count` for it."""
    feeds = [FeedState(f, f.replace("-", " ").title(), "ok", TAKEN, TAKEN, count // len(FEEDS)) for f in FEEDS]
    cap, news.SNAPSHOT_ITEMS = news.SNAPSHOT_ITEMS, max(count, news.SNAPSHOT_ITEMS)
    try:
        return snapshot(synthetic_items(catalog, count), feeds, TAKEN)
    finally:
        news.SNAPSHOT_ITEMS = cap


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="timed calls per query")
    parser.add_argument("--items", type=int, default=100_000, help="items in the synthetic snapshot")
    args = parser.parse_args()
    catalog = with_feeds(load_catalog(ROOT / "content"))
    started = time.perf_counter()
    shot = synthetic_snapshot(catalog, args.items)
    print(f"synthetic snapshot of {len(shot.items):,} items built in {time.perf_counter() - started:.2f} s")
    core = Core(catalog, news=SnapshotDesk(shot))
    started = time.perf_counter()
    core.handle(Request.parse("/news open weights"))
    print(f"first word query on this snapshot (builds its word index): {1000 * (time.perf_counter() - started):.1f} ms")
    print(f"\n/rank baseline and /news on {len(shot.items):,} items")
    rank_p50, _ = report("  /rank (baseline)", timed(lambda: core.handle(Request.parse("/rank")), args.runs))
    worst = 0.0
    for line in QUERIES:
        request = replace(Request.parse(line), created=TAKEN)  # relative dates read against the snapshot's time
        answer = core.handle(request)
        samples = timed(lambda request=request: core.handle(request), args.runs)
        p50, p99 = report(f"  {line}", samples, target="p99 well within 10 ms")
        print(f"    {answer.title} · {answer.page_label} · {p50 / rank_p50:.1f}x /rank p50")
        worst = max(worst, p99)
    print(f"  worst /news p99 {worst:.3f} ms")


if __name__ == "__main__":
    main()
