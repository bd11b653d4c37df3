"""Schedule arithmetic on APScheduler 3's CronTrigger: standard cron weekdays, next runs, missed slots.

APScheduler 3 numbers weekdays from Monday (0) and `CronTrigger.from_crontab` passes numbers through, so
cron's 0 and 7 (Sunday) would mean Monday and nothing. The weekday field is therefore expanded to the
set of days it names and handed over as day names."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from zoneinfo import ZoneInfo, ZoneInfoNotFoundError

from apscheduler.triggers.cron import CronTrigger

DAYS = ("sun", "mon", "tue", "wed", "thu", "fri", "sat")
"""Cron's weekday numbers 0..6 (7 is Sunday too) as names APScheduler reads the same way."""
SEARCH_LIMIT = 20_000
"""Most fire times walked through when looking for missed slots (a minutely cron over two weeks)."""


def _weekday(value: str) -> int:
    lowered = value.lower()
    if lowered in DAYS:
        return DAYS.index(lowered)
    if not value.isdigit() or int(value) > 7:
        raise ValueError(f"weekday {value!r} is not 0-7 or sun-sat")
    return int(value) % 7


def weekdays(field: str) -> str:
    """Cron's weekday field as APScheduler day names: '1-5' -> 'mon,tue,wed,thu,fri', '0' -> 'sun'."""
    if field == "*":
        return "*"
    days: set[int] = set()
    for part in field.split(","):
        span, _, step_text = part.partition("/")
        step = int(step_text) if step_text.isdigit() and int(step_text) > 0 else None
        if step_text and step is None:
            raise ValueError(f"weekday step {step_text!r} is not a positive number")
        if span == "*":
            first, last = 0, 6
        elif "-" in span:
            low, _, high = span.partition("-")
            first = 7 if low == "7" else _weekday(low)  # '7-7' is Sunday alone, not 0-7
            last = 7 if high == "7" else _weekday(high)
            if first > last:
                raise ValueError(f"weekday range {span!r} runs backwards")
        else:
            first = last = _weekday(span)
            if step:
                last = 6
        days.update(day % 7 for day in range(first, last + 1, step or 1))
    return ",".join(DAYS[day] for day in sorted(days))


def trigger(cron: str, zone: str) -> CronTrigger:
    """The CronTrigger for a 5-field cron expression in an IANA zone; ValueError if either is invalid,
    or if both the day of month and the weekday are restricted (cron would take either; APScheduler both)."""
    fields = cron.split()
    if len(fields) != 5:
        raise ValueError(f"a cron expression has 5 fields (minute hour day month weekday), not {len(fields)}")
    minute, hour, day, month, weekday = fields
    if day != "*" and weekday != "*":
        raise ValueError("restrict the day of the month or the weekday, not both")
    try:
        timezone = ZoneInfo(zone)
    except (ZoneInfoNotFoundError, ValueError):
        raise ValueError(f"unknown time zone {zone!r}") from None
    return CronTrigger(minute=minute, hour=hour, day=day, month=month, day_of_week=weekdays(weekday), timezone=timezone)


def _second_pass(fire: dt.datetime) -> bool:
    """Whether `fire` is the repeat of a wall-clock time in the hour the clocks go back."""
    return fire.fold == 1 and fire.replace(fold=0).utcoffset() != fire.utcoffset()


def after(schedule: CronTrigger, moment: dt.datetime) -> dt.datetime | None:
    """The first fire time strictly after `moment` (aware), in UTC; None if it never fires again.

    A wall-clock time that occurs twice when the clocks go back runs once, at its first occurrence
    (APScheduler alone would run 'daily 02:30' twice that night)."""
    probe = moment.astimezone(schedule.timezone)
    for _ in range(8):
        fire = schedule.get_next_fire_time(probe, probe)
        if fire is None:
            return None
        utc = fire.astimezone(dt.UTC)
        if utc > moment and not _second_pass(fire):
            return utc
        probe = (max(utc, moment) + dt.timedelta(seconds=1)).astimezone(schedule.timezone)
    return None


def fires(schedule: CronTrigger, start: dt.datetime, end: dt.datetime) -> Iterator[dt.datetime]:
    """Fire times strictly after `start` and at or before `end`, in UTC (at most SEARCH_LIMIT)."""
    moment = start
    for _ in range(SEARCH_LIMIT):
        fire = after(schedule, moment)
        if fire is None or fire > end:
            return
        yield fire
        moment = fire


def latest(schedule: CronTrigger, start: dt.datetime, end: dt.datetime) -> dt.datetime | None:
    """The newest fire time in (start, end], or None."""
    found = None
    for found in fires(schedule, start, end):  # noqa: B007 - the last one is wanted
        pass
    return found
