"""Digests across real `newsbot run` processes against the loopback fake Slack: two replicas on one
PostgreSQL both due for the same slot post it once; a replica killed with SIGKILL between claim and
result leaves no duplicate and no silent loss (the restarted one settles it as uncertain, in the log)."""

from __future__ import annotations

import asyncio
import signal
from pathlib import Path

from bot.runtime.digests.scheduler import SETTLE_AGE
from bot.store.digests import deliveries
from tests.runtime.postgres import postgres  # noqa: F401 - the fixture
from tests.runtime.processes import Proc, due_subscription, fake, settled  # noqa: F401 - the fixture
from tests.slack.slack_fakes import BOT_TOKEN, FakeSlack


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
