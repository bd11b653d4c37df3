"""/metrics for operators: digest deliveries by outcome, paused subscriptions (refreshed by the digest
scheduler, not queried per scrape), the release, and prometheus_client's process_* and python_* series."""

from __future__ import annotations

import asyncio
import re
import urllib.request
from pathlib import Path

from prometheus_client.parser import text_string_to_metric_families

from bot import __version__
from bot.runtime.digests.desk import Desk
from bot.runtime.metrics import Metrics
from tests.runtime.digest_support import NEWS, World, world  # noqa: F401 - the fixture
from tests.runtime.processes import Proc, due_subscription, fake, settled  # noqa: F401 - the fixture
from tests.slack.slack_fakes import FakeSlack


def samples(text: str) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    """Every sample of a Prometheus text exposition, by name and sorted labels."""
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(text) for sample in family.samples
    }


async def test_a_running_bot_exports_digest_build_and_process_metrics(fake: FakeSlack, tmp_path: Path) -> None:
    database = f"sqlite:///{tmp_path}/bot.db"
    store, digests, due = due_subscription(database)
    quiet = digests.upsert("slack", "T0TEST", "C0QUIET", "", "0 9 * * *", "0 9 * * *", "UTC", "U0ADMIN").id
    digests.set_paused(quiet, True, "paused by a user")
    bot = await Proc.start(fake, database)
    try:
        port = int((await bot.wait_log(r"HTTP server on [\d.]+:(\d+)")).group(1))
        await bot.wait_log(r"digests: 1 subscription\(s\) scheduled")
        assert await settled(digests, due) == ["posted"]
        url = f"http://127.0.0.1:{port}/metrics"
        exported = samples(await asyncio.to_thread(lambda: urllib.request.urlopen(url, timeout=5).read().decode()))
    finally:
        assert await bot.stop() == 0
        store.close()
    assert exported[("newsbot_digest_deliveries_total", (("outcome", "posted"), ("platform", "slack")))] == 1
    assert exported[("newsbot_digest_subscriptions_paused", (("platform", "slack"),))] == 1
    build = [labels for name, labels in exported if name == "newsbot_build_info"]
    assert len(build) == 1 and ("version", __version__) in build[0]
    names = {name for name, _ in exported}
    assert {"process_cpu_seconds_total", "process_resident_memory_bytes", "process_open_fds", "python_info",
            "python_gc_collections_total"} <= names


async def test_the_paused_gauge_follows_the_database_without_a_query_per_scrape(world: World) -> None:  # noqa: F811
    metrics = Metrics()
    subscription = world.subscribe()
    desk = Desk(world.store, metrics=metrics)
    await desk.start({"slack": world.slack}, lambda: world.catalog, poll=0.02, paused=True)

    def paused() -> float | None:
        return metrics.registry.get_sample_value("newsbot_digest_subscriptions_paused", {"platform": "slack"})

    try:
        assert paused() == 0
        world.digests.set_paused(subscription, True, "paused by another replica")
        async with asyncio.timeout(10):
            while paused() != 1:
                await asyncio.sleep(0.01)
        world.store.close()  # scrapes read the gauge, never the database
        assert re.search(rb'newsbot_digest_subscriptions_paused\{platform="slack"\} 1\.0', metrics.render())
    finally:
        await desk.stop()
