"""Regressions from the digest review: database failures in the Desk and around a post, slots due while
the database is down, composing off the default pool, stopping mid-delivery, replica ids, weekday 7."""

from __future__ import annotations

import asyncio
import concurrent.futures
import datetime as dt
import os
import socket
import threading
import warnings
from typing import Any

import aiohttp
import pytest
from sqlalchemy.exc import OperationalError

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    from bot.adapters.discord import posting

from bot.core import Core, Request
from bot.core.digests import Schedule
from bot.core.dispatch import prepare
from bot.errors import PostError, RateLimited, StoreError
from bot.runtime.digests import delivery, poster
from bot.runtime.digests.desk import Desk, replica_id
from bot.runtime.digests.scheduler import DigestScheduler
from bot.runtime.digests.timing import weekdays
from tests.runtime.digest_support import NEWS, Scripted, World, slot, world  # noqa: F401 - fixture


def refused(*_: Any) -> Any:
    raise OperationalError("SELECT secret_sql FROM digest_subscriptions", {}, Exception("Connection refused"))


def failing_once(method: Any) -> Any:
    calls = [0]

    def flaky(*args: Any) -> Any:
        calls[0] += 1
        if calls[0] == 1:
            refused()
        return method(*args)

    return flaky


def states(world: World, subscription_id: int) -> list[tuple[str, str]]:
    return [(row.state, row.detail) for row in world.digests.deliveries(subscription_id)]


# 1. the Desk turns SQLAlchemy errors into StoreError


def test_desk_database_failures_are_store_errors_and_digest_answers_them(world: World, monkeypatch) -> None:
    desk = Desk(world.store)
    core = Core(prepare(world.catalog), digests=desk)
    for name in ("get", "upsert", "delete", "set_paused"):
        monkeypatch.setattr(desk.digests, name, refused)
    with pytest.raises(StoreError, match="connection refused") as caught:
        desk.find(NEWS)
    assert "secret_sql" not in str(caught.value) and caught.value.__cause__ is None
    with pytest.raises(StoreError):
        desk.subscribe(NEWS, Schedule("daily 09:00", "0 9 * * *", "UTC"), "U1")
    for text in ("list", "subscribe daily 10:00", "pause", "unsubscribe", "now"):
        answer = core.handle(Request(command="digest", text=text, user="U1", channel=NEWS, can_manage=True))
        assert answer.status.value == "error" and "Something went wrong" not in answer.title, (text, answer)
        assert "database" in " ".join(answer.lines), (text, answer)


# 3. a posted digest stays posted whatever the database does next; unposted claims are recorded


async def test_a_database_blip_after_the_post_still_reports_posted_and_saves_the_snapshot(world, monkeypatch) -> None:
    monkeypatch.setattr(delivery, "RECORD_PAUSE", 0.01)
    sub = world.subscribe()
    monkeypatch.setattr(world.digests, "finish", failing_once(world.digests.finish))
    monkeypatch.setattr(world.digests, "delivered", failing_once(world.digests.delivered))
    result = await world.deliverer().deliver(sub, slot(10), manual=True)
    assert result.posted and result.detail == "posted" and len(world.fake.posts) == 1
    assert states(world, sub) == [("posted", "attempt 1")]
    assert world.digests.get_by_id(sub).snapshot is not None


async def test_a_database_down_after_the_post_never_says_try_again(world: World, monkeypatch) -> None:
    monkeypatch.setattr(delivery, "RECORD_PAUSE", 0.01)
    sub = world.subscribe()
    monkeypatch.setattr(world.digests, "finish", refused)
    monkeypatch.setattr(world.digests, "delivered", refused)
    result = await world.deliverer().deliver(sub, slot(10), manual=True)
    assert result.posted and "try again" not in result.detail and len(world.fake.posts) == 1


async def test_a_database_failure_before_posting_records_failed_not_a_claim(world: World, monkeypatch) -> None:
    sub = world.subscribe()
    monkeypatch.setattr(world.digests, "attempt", refused)
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and world.fake.posts == []
    [(state, detail)] = states(world, sub)
    assert state == "failed" and "before posting" in detail


# 4. a slot due while the database is down is retried on the next poll


async def test_a_slot_due_while_the_database_is_down_is_retried_once_it_answers(world: World, monkeypatch) -> None:
    sub = world.subscribe()
    now = [slot(10)]
    deliverer = world.deliverer(clock=lambda: now[0])
    scheduler = DigestScheduler(world.store, world.digests, deliverer, grace=3600, clock=lambda: now[0], poll=3600)
    scheduler.scheduler.start(paused=True)
    try:
        await scheduler.sync()
        monkeypatch.setattr(world.digests, "get_by_id", refused)
        await scheduler._due(sub)
        await asyncio.gather(*deliverer.tasks)
        assert world.fake.posts == [] and deliverer.unread == {sub: slot(10)}
        monkeypatch.undo()
        now[0] = slot(10) + dt.timedelta(minutes=2)
        await scheduler.sync()  # the next poll
        await asyncio.gather(*deliverer.tasks)
        assert len(world.fake.posts) == 1 and states(world, sub) == [("posted", "attempt 1")]
        assert deliverer.unread == {}
    finally:
        scheduler.halt()


async def test_a_slot_retried_after_digest_grace_is_skipped(world: World, monkeypatch) -> None:
    sub = world.subscribe()
    now = [slot(10)]
    deliverer = world.deliverer(clock=lambda: now[0])
    scheduler = DigestScheduler(world.store, world.digests, deliverer, grace=60, clock=lambda: now[0], poll=3600)
    scheduler.scheduler.start(paused=True)
    try:
        await scheduler.sync()
        deliverer.unread[sub] = slot(10)
        now[0] = slot(10) + dt.timedelta(hours=1)
        await scheduler.sync()
        await asyncio.gather(*deliverer.tasks)
        assert world.fake.posts == [] and deliverer.unread == {} and states(world, sub) == []
    finally:
        scheduler.halt()


# 5. composing never waits for the default pool


async def test_composing_does_not_use_the_default_executor(world: World) -> None:
    sub = world.subscribe()
    loop = asyncio.get_running_loop()
    blocked = threading.Event()
    pool = concurrent.futures.ThreadPoolExecutor(1)
    loop.set_default_executor(pool)
    try:
        loop.run_in_executor(None, blocked.wait)  # the only default thread, busy (a waiting /digest now)
        result = await asyncio.wait_for(world.deliverer().deliver(sub, slot(10), manual=True), 10)
        assert result.posted
    finally:
        blocked.set()


async def test_concurrent_digest_now_do_not_starve(world: World) -> None:
    desk = Desk(world.store, replica="test-a")
    loop = asyncio.get_running_loop()
    loop.set_default_executor(concurrent.futures.ThreadPoolExecutor(2))
    await desk.start({"slack": world.slack}, lambda: world.catalog, poll=3600, paused=True)
    try:
        channels = [NEWS.__class__(platform="slack", workspace="T0TEST", channel=f"C0N{i}") for i in range(2)]
        for channel in channels:
            world.subscribe(channel)
        results = await asyncio.wait_for(
            asyncio.gather(*(asyncio.to_thread(desk.deliver_now, channel) for channel in channels)), 20
        )
        assert all(result.posted for result in results), results
    finally:
        await desk.stop()


# 6. stopping: a delivery that had not posted is recorded failed; one in flight is left to settle


async def test_stopping_while_waiting_out_a_rate_limit_records_failed(world: World) -> None:
    sub = world.subscribe()
    world.platforms = {"slack": Scripted(world.slack, RateLimited("slow down", 30))}
    deliverer = world.deliverer()
    task = deliverer.spawn(sub, slot(10))
    for _ in range(100):
        await asyncio.sleep(0.01)
        if world.platforms["slack"].calls:
            break
    await deliverer.drain(0)
    assert task.cancelled() and world.fake.posts == []
    assert states(world, sub) == [("failed", "stopped before posting")]


async def test_stopping_during_a_post_in_flight_leaves_the_claim_uncertain(world: World) -> None:
    sub = world.subscribe()
    started = asyncio.Event()

    class Hanging(Scripted):
        async def post(self, channel, answer, key=None):
            started.set()
            await asyncio.sleep(60)

    world.platforms = {"slack": Hanging(world.slack)}
    deliverer = world.deliverer()
    deliverer.spawn(sub, slot(10))
    await asyncio.wait_for(started.wait(), 5)
    await deliverer.drain(0)
    assert [state for state, _ in states(world, sub)] == ["claimed"]


# 7. replica ids are per process; another's claim is only settled by age


def test_replica_id_names_host_process_and_a_random_part() -> None:
    first, second = replica_id(), replica_id()
    assert first != second and len(first) <= 64
    host, pid, token = first.rsplit(":", 2)
    assert host == (socket.gethostname() or "newsbot")[:40] and pid == str(os.getpid()) and len(token) == 8


async def test_a_second_process_on_the_same_host_does_not_settle_a_delivery_in_flight(world: World) -> None:
    sub = world.subscribe()
    host = socket.gethostname()
    in_flight = world.digests.claim(sub, slot(10), f"{host}:1:aaaaaaaa")
    me = Desk(world.store)
    assert me.replica.startswith(f"{host[:40]}:{os.getpid()}:")
    settled = await world.deliverer(replica=me.replica).settle(slot(1), me.replica)
    assert settled == 0 and {r.id: r.state for r in world.digests.deliveries(sub)}[in_flight] == "claimed"


# 8. weekday 7 is Sunday alone


@pytest.mark.parametrize(
    ("field", "days"),
    [("7-7", "sun"), ("7", "sun"), ("6-7", "sun,sat"), ("0-7", "sun,mon,tue,wed,thu,fri,sat"), ("5-7", "sun,fri,sat")],
)
def test_weekday_seven_is_sunday_in_ranges(field: str, days: str) -> None:
    assert weekdays(field) == days


# 9. Discord posts carry a stable nonce; a result unknown is retried once there, never on Slack

DISCORD = NEWS.__class__(platform="discord", workspace="111", channel="222")


class Recorder:
    name = "discord"

    def __init__(self) -> None:
        self.posts: list[str | None] = []

    async def post(self, channel: Any, answer: Any, key: str | None = None) -> None:
        self.posts.append(key)


def unknown() -> PostError:
    error = PostError("could not reach Discord to post to channel 222: ServerDisconnectedError")
    error.__cause__ = aiohttp.ServerDisconnectedError()
    return error


async def test_discord_posts_send_the_key_as_an_enforced_nonce() -> None:
    sent: list[dict[str, Any]] = []

    class Messageable:
        async def send(self, **kwargs: Any) -> None:
            sent.append(kwargs)

    class Client:
        def is_closed(self) -> bool:
            return False

        def get_partial_messageable(self, channel_id: int) -> Messageable:
            assert channel_id == 222
            return Messageable()

    from bot.core import Answer

    await posting.post(Client(), DISCORD, Answer(title="Digest"), "d42")  # type: ignore[arg-type]
    assert sent[0]["nonce"] == "d42"
    await posting.post(Client(), DISCORD, Answer(title="Digest"))  # type: ignore[arg-type]
    assert sent[1]["nonce"] is None  # discord.py draws a random one


async def test_a_discord_post_whose_result_is_unknown_is_retried_once_with_the_same_key(world, monkeypatch) -> None:
    monkeypatch.setattr(poster, "BACKOFF", 0.01)
    sub = world.subscribe(DISCORD)
    recorder = Recorder()
    scripted = Scripted(recorder, unknown())
    scripted.name = "discord"
    world.platforms = {"discord": scripted}
    result = await world.deliverer().deliver(sub, slot(10))
    assert result.posted and scripted.calls == 2 and recorder.posts == [f"d{world.digests.deliveries(sub)[0].id}"]
    assert len(set(scripted.keys)) == 1 and len(scripted.keys[0]) <= 25
    assert [state for state, _ in states(world, sub)] == ["posted"]


async def test_a_discord_post_unknown_twice_is_uncertain_and_not_retried_again(world: World, monkeypatch) -> None:
    monkeypatch.setattr(poster, "BACKOFF", 0.01)
    sub = world.subscribe(DISCORD)
    scripted = Scripted(Recorder(), unknown(), unknown(), unknown())
    world.platforms = {"discord": scripted}
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and scripted.calls == 2
    [(state, detail)] = states(world, sub)
    assert state == "uncertain" and "may have been posted" in detail


async def test_a_discord_retry_after_an_unknown_result_is_never_called_failed(world: World, monkeypatch) -> None:
    monkeypatch.setattr(poster, "BACKOFF", 0.01)
    sub = world.subscribe(DISCORD)
    scripted = Scripted(Recorder(), unknown(), PostError("Discord refused the post: HTTP 500"))
    world.platforms = {"discord": scripted}
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and scripted.calls == 2
    assert [state for state, _ in states(world, sub)] == ["uncertain"]


async def test_stopping_between_an_unknown_result_and_its_retry_leaves_the_claim(world: World, monkeypatch) -> None:
    monkeypatch.setattr(poster, "BACKOFF", 30)
    sub = world.subscribe(DISCORD)
    scripted = Scripted(Recorder(), unknown())
    world.platforms = {"discord": scripted}
    deliverer = world.deliverer()
    deliverer.spawn(sub, slot(10))
    for _ in range(100):
        await asyncio.sleep(0.01)
        if scripted.calls:
            break
    await deliverer.drain(0)
    assert [state for state, _ in states(world, sub)] == ["claimed"]


async def test_a_slack_post_gets_the_key_but_an_unknown_result_is_not_retried(world: World) -> None:
    sub = world.subscribe()
    error = PostError("slack chat.postMessage failed (TimeoutError): result unknown")
    error.__cause__ = TimeoutError()
    scripted = Scripted(world.slack, error)
    world.platforms = {"slack": scripted}
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and scripted.calls == 1 and scripted.keys == [f"d{world.digests.deliveries(sub)[0].id}"]


async def test_a_database_failure_before_the_retry_of_an_unknown_post_is_uncertain(world: World, monkeypatch) -> None:
    monkeypatch.setattr(poster, "BACKOFF", 0.01)
    sub = world.subscribe(DISCORD)
    scripted = Scripted(Recorder(), unknown())
    world.platforms = {"discord": scripted}
    real, calls = world.digests.attempt, [0]

    def attempt(delivery_id: int) -> int:
        calls[0] += 1
        if calls[0] == 2:
            refused()
        return real(delivery_id)

    monkeypatch.setattr(world.digests, "attempt", attempt)
    result = await world.deliverer().deliver(sub, slot(10), manual=True)
    assert not result.posted and "may have been posted" in result.detail and "try again" not in result.detail
    assert scripted.calls == 1 and [state for state, _ in states(world, sub)] == ["uncertain"]
