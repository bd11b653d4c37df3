"""When digests run: cron arithmetic across DST and APScheduler's weekday numbering, and the scheduler
under a controlled clock: jobs fired by the real AsyncIOScheduler, misfire grace, coalescing, slots
missed while down, and changes made by another replica picked up from the database."""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
from zoneinfo import ZoneInfo

import pytest
from apscheduler.events import EVENT_JOB_EXECUTED, EVENT_JOB_MISSED
from apscheduler.triggers.cron import CronTrigger

from bot.core.digests import Schedule
from bot.runtime.digests.desk import Desk, next_run
from bot.runtime.digests.scheduler import job_id
from bot.runtime.digests.timing import fires, trigger, weekdays
from bot.store.digests import DigestStore
from tests.runtime.digest_support import NEWS, World, world  # noqa: F401 - fixture

UTC = dt.UTC
BERLIN = ZoneInfo("Europe/Berlin")


def at(*parts: int, zone: dt.tzinfo = UTC) -> dt.datetime:
    return dt.datetime(*parts, tzinfo=zone)


def test_daily_in_a_zone_keeps_its_wall_clock_time_across_both_dst_changes() -> None:
    daily = Schedule("daily 09:00 Europe/Berlin", "0 9 * * *", "Europe/Berlin")
    spring = [next_run(daily, at(2026, 3, day, 12)) for day in (27, 28, 29)]
    assert [run.astimezone(UTC).hour for run in spring] == [8, 7, 7]  # CET +1, then CEST +2 from Mar 29
    assert all(run.hour == 9 and run.tzinfo == BERLIN for run in spring)
    autumn = [next_run(daily, at(2026, 10, day, 12)) for day in (24, 25)]
    assert [run.astimezone(UTC).hour for run in autumn] == [8, 8]  # Oct 25 and 26: back to CET
    assert next_run(daily, at(2026, 10, 25, 7)) == at(2026, 10, 25, 9, zone=BERLIN)


def test_a_time_the_clocks_skip_runs_once_late_and_a_repeated_time_runs_once() -> None:
    nightly = trigger("30 2 * * *", "Europe/Berlin")
    spring = list(fires(nightly, at(2026, 3, 28, 12), at(2026, 3, 30, 12)))
    assert spring == [at(2026, 3, 29, 1, 30), at(2026, 3, 30, 0, 30)]  # 02:30 does not exist: 03:30 CEST
    autumn = list(fires(nightly, at(2026, 10, 24, 12), at(2026, 10, 26, 12)))
    assert autumn == [at(2026, 10, 25, 0, 30), at(2026, 10, 26, 1, 30)]  # 02:30 twice that night: once


@pytest.mark.parametrize(("field", "days"), [
    ("0", "sun"), ("7", "sun"), ("1-5", "mon,tue,wed,thu,fri"), ("0,6", "sun,sat"), ("5-7", "sun,fri,sat"),
    ("*/2", "sun,tue,thu,sat"), ("MON", "mon"), ("*", "*"),
])
def test_cron_weekday_numbers_mean_what_cron_says(field: str, days: str) -> None:
    assert weekdays(field) == days


def test_the_apscheduler_weekday_trap_is_avoided() -> None:
    start = at(2026, 4, 13)  # a Monday
    naive = CronTrigger.from_crontab("0 9 * * 0", timezone=UTC).get_next_fire_time(None, start)
    assert naive.weekday() == 0  # APScheduler 3 reads cron's Sunday (0) as Monday
    ours = next_run(Schedule("cron", "0 9 * * 0", "UTC"), start)
    assert ours == at(2026, 4, 19, 9) and ours.weekday() == 6  # Sunday
    weekdays_only = list(fires(trigger("0 9 * * 1-5", "UTC"), start, start + dt.timedelta(days=7)))
    assert [run.weekday() for run in weekdays_only] == [0, 1, 2, 3, 4]


@pytest.mark.parametrize("cron", ["0 9 * *", "0 9 1 * 1", "0 9 * * 8", "0 9 * * 5-1", "0 25 * * *"])
def test_unusable_cron_expressions_are_value_errors(cron: str) -> None:
    with pytest.raises(ValueError):
        next_run(Schedule("cron", cron, "UTC"), at(2026, 4, 13))


class Clock:
    """The scheduler's notion of now, set by the test (APScheduler's own wake-ups use the real clock)."""

    def __init__(self) -> None:
        self.now = dt.datetime.now(UTC)

    def __call__(self) -> dt.datetime:
        return self.now


async def started(world: World, clock: Clock, grace: float = 21600.0, **options: object) -> Desk:
    desk = Desk(world.store, grace=grace, replica="test-a", clock=clock)
    await desk.start({"slack": world.slack}, lambda: world.catalog, **options)
    return desk


async def fire(desk: Desk, subscription_id: int, late: dt.timedelta = dt.timedelta(0)) -> list[int]:
    """Make APScheduler run the job now (as if it came due `late` ago); the events it reported."""
    scheduler = desk.scheduler.scheduler
    seen: list[int] = []
    done = asyncio.Event()

    def listen(event) -> None:
        seen.append(event.code)
        done.set()

    scheduler.add_listener(listen, EVENT_JOB_EXECUTED | EVENT_JOB_MISSED)
    scheduler.modify_job(job_id(subscription_id), next_run_time=dt.datetime.now(UTC) - late)
    scheduler.resume()
    await asyncio.wait_for(done.wait(), 10)
    await asyncio.sleep(0)  # events of one run are dispatched together
    scheduler.remove_listener(listen)
    await asyncio.gather(*desk.scheduler.deliverer.tasks)
    return seen


async def test_a_job_fired_by_apscheduler_delivers_the_slot_that_came_due(world: World) -> None:
    clock = Clock()
    sub = world.digests.upsert("slack", "T0TEST", "C0NEWS", "", "weekly sun 09:00", "0 9 * * 0", "Europe/Berlin", "U1").id
    desk = await started(world, clock, paused=True)
    try:
        sunday = next_run(Schedule("", "0 9 * * 0", "Europe/Berlin"), clock.now)
        clock.now = sunday.astimezone(UTC) + dt.timedelta(seconds=3)
        assert await fire(desk, sub) == [EVENT_JOB_EXECUTED]
    finally:
        await desk.stop()
    [done] = world.digests.deliveries(sub)
    assert done.state == "posted" and done.slot == sunday and done.slot.astimezone(BERLIN).weekday() == 6
    assert len(world.fake.posts) == 1


async def test_a_run_late_within_the_grace_still_goes_out(world: World) -> None:
    clock = Clock()
    sub = world.subscribe(cron="*/5 * * * *")
    desk = await started(world, clock, paused=True)
    try:  # APScheduler's default misfire_grace_time of 1 s would drop a run two minutes late
        assert await fire(desk, sub, late=dt.timedelta(minutes=2)) == [EVENT_JOB_EXECUTED]
    finally:
        await desk.stop()
    assert [row.state for row in world.digests.deliveries(sub)] == ["posted"]


async def test_a_run_later_than_the_grace_is_missed(world: World) -> None:
    clock = Clock()
    # hourly, half an hour away on the wall clock: no run falls in the two late minutes (APScheduler
    # would take such a run, within the grace, instead; */5 made this fail at minutes 0-1 of each five)
    minute = (dt.datetime.now(UTC) + dt.timedelta(minutes=30)).minute
    sub = world.subscribe(cron=f"{minute} * * * *")
    desk = await started(world, clock, grace=30, paused=True)
    try:
        assert await fire(desk, sub, late=dt.timedelta(minutes=2)) == [EVENT_JOB_MISSED]
    finally:
        await desk.stop()
    assert world.digests.deliveries(sub) == [] and world.fake.posts == []


async def test_runs_missed_together_are_coalesced_into_one_digest(world: World) -> None:
    clock = Clock()
    sub = world.subscribe(cron="* * * * *")
    desk = await started(world, clock, paused=True)
    try:  # five minutely runs overdue: one run, one digest
        assert await fire(desk, sub, late=dt.timedelta(minutes=5)) == [EVENT_JOB_EXECUTED]
    finally:
        await desk.stop()
    assert len(world.digests.deliveries(sub)) == 1 and len(world.fake.posts) == 1


async def test_a_slot_missed_while_down_is_delivered_once_at_start_within_the_grace(world: World) -> None:
    clock = Clock()
    sub = world.subscribe(cron="0 9 * * *")
    missed = next_run(Schedule("", "0 9 * * *", "UTC"), clock.now)
    clock.now = missed + dt.timedelta(hours=2)
    for _ in range(2):  # a second start finds the slot claimed and does nothing
        desk = await started(world, clock)
        await asyncio.gather(*desk.scheduler.deliverer.tasks)
        await desk.stop()
    [done] = world.digests.deliveries(sub)
    assert done.slot == missed and done.state == "posted" and len(world.fake.posts) == 1


async def test_slots_missed_longer_ago_than_the_grace_are_skipped_and_logged(world: World, caplog) -> None:
    clock = Clock()
    sub = world.subscribe(cron="0 9 * * *")
    clock.now = next_run(Schedule("", "0 9 * * *", "UTC"), clock.now) + dt.timedelta(days=1, hours=7)
    with caplog.at_level(logging.INFO, "newsbot.digests"):
        desk = await started(world, clock)
        await desk.stop()
    assert world.digests.deliveries(sub) == [] and world.fake.posts == []
    assert "older than DIGEST_GRACE (21600 s): skipped" in caplog.text


async def test_changes_by_another_replica_are_picked_up_from_the_database(world: World) -> None:
    desk = await started(world, Clock(), poll=0.05)
    other = DigestStore(world.store.__class__(str(world.store.engine.url)))  # another process's store
    scheduler = desk.scheduler.scheduler

    async def until(check) -> None:
        async with asyncio.timeout(10):
            while not check():
                await asyncio.sleep(0.02)

    try:
        row = other.upsert("slack", "T0TEST", "C0OTHER", "", "daily 09:00", "0 9 * * *", "UTC", "U1")
        await until(lambda: scheduler.get_job(job_id(row.id)) is not None)
        other.upsert("slack", "T0TEST", "C0OTHER", "", "daily 10:00", "0 10 * * *", "UTC", "U1")
        await until(lambda: scheduler.get_job(job_id(row.id)).trigger.fields[5].expressions[0].first == 10)
        other.set_paused(row.id, True)
        await until(lambda: scheduler.get_job(job_id(row.id)) is None)
        other.set_paused(row.id, False)
        await until(lambda: scheduler.get_job(job_id(row.id)) is not None)
        other.delete("slack", "T0TEST", "C0OTHER", "")
        await until(lambda: scheduler.get_job(job_id(row.id)) is None)
    finally:
        await desk.stop()
        other.store.close()


async def test_deliver_now_from_the_command_thread_posts_through_the_loop(world: World) -> None:
    desk = await started(world, Clock())
    try:
        assert (await asyncio.to_thread(desk.deliver_now, NEWS)).detail == "this channel has no digest subscription"
        desk.subscribe(NEWS, Schedule("daily 09:00", "0 9 * * *", "UTC"), "U0ADMIN")
        result = await asyncio.to_thread(desk.deliver_now, NEWS)
    finally:
        await desk.stop()
    assert result.posted and len(world.fake.posts) == 1
    assert desk.last_snapshot(NEWS) and desk.find(NEWS).last_delivery is not None
    assert "not running" in desk.deliver_now(NEWS).detail
