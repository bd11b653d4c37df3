"""Schedules as users type them: parsed, normalized, described; bad ones refused with examples."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from bot.core.digests import Schedule
from bot.core.schedule import MAX_SCHEDULE, describe, parse_schedule, run_time
from bot.errors import NewsbotError, ScheduleError


@pytest.mark.parametrize(
    ("text", "schedule", "words"),
    [
        ("daily 09:00", Schedule("daily 09:00", "0 9 * * *", "UTC"), "every day at 09:00 (UTC)"),
        ("daily 9:05", Schedule("daily 09:05", "5 9 * * *", "UTC"), "every day at 09:05 (UTC)"),
        ("DAILY at 23:59 europe/berlin", Schedule("daily 23:59", "59 23 * * *", "Europe/Berlin"),
         "every day at 23:59 (Europe/Berlin)"),
        ("daily 0:00 Europe/Berlin", Schedule("daily 00:00", "0 0 * * *", "Europe/Berlin"),
         "every day at 00:00 (Europe/Berlin)"),
        ("weekly mon 09:00", Schedule("weekly mon 09:00", "0 9 * * mon", "UTC"), "every Monday at 09:00 (UTC)"),
        ("Weekly SUNDAY 18:30 America/New_York", Schedule("weekly sun 18:30", "30 18 * * sun", "America/New_York"),
         "every Sunday at 18:30 (America/New_York)"),
        ("weekly on fri at 7:15", Schedule("weekly fri 07:15", "15 7 * * fri", "UTC"), "every Friday at 07:15 (UTC)"),
        ("0 9 * * 1-5", Schedule("0 9 * * 1-5", "0 9 * * 1-5", "UTC"), "cron '0 9 * * 1-5' (UTC)"),
        ("0  9 * *   MON-FRI  utc", Schedule("0 9 * * mon-fri", "0 9 * * mon-fri", "UTC"),
         "cron '0 9 * * mon-fri' (UTC)"),
        ("*/15 8-18 * * *", Schedule("*/15 8-18 * * *", "*/15 8-18 * * *", "UTC"), "cron '*/15 8-18 * * *' (UTC)"),
        ("30 6 1,15 jan-jun * Asia/Tokyo", Schedule("30 6 1,15 jan-jun *", "30 6 1,15 jan-jun *", "Asia/Tokyo"),
         "cron '30 6 1,15 jan-jun *' (Asia/Tokyo)"),
        ("0 12 * * 0,7", Schedule("0 12 * * 0,7", "0 12 * * 0,7", "UTC"), "cron '0 12 * * 0,7' (UTC)"),
    ],
)
def test_good_schedules(text, schedule, words):
    parsed = parse_schedule(text, "UTC")
    assert parsed == schedule
    assert describe(parsed) == words
    assert parse_schedule(parsed.text + " " + parsed.zone, "UTC") == parsed  # the normal form parses to itself


def test_the_default_zone_applies_when_none_is_given():
    assert parse_schedule("daily 09:00", "Europe/Berlin").zone == "Europe/Berlin"
    assert parse_schedule("0 9 * * *", "Asia/Tokyo").zone == "Asia/Tokyo"


@pytest.mark.parametrize(
    ("text", "says"),
    [
        ("", "Give a schedule."),
        ("   ", "Give a schedule."),
        ("x" * 10_000, "too long (10,000 characters; at most 200)"),
        ("daily " + "9" * 300, "too long"),
        ("@everyone", "“@everyone” is not a schedule."),
        ("<!channel>", "“<!channel>” is not a schedule."),
        ("hourly", "is not a schedule"),
        ("daily", "daily takes a time of day (HH:MM)"),
        ("daily 24:00", "“24:00” is not a time of day"),
        ("daily 9:60", "“9:60” is not a time of day"),
        ("daily 9am", "“9am” is not a time of day"),
        ("daily 09:00 UTC again", "daily takes a time of day"),
        ("weekly 09:00", "“09:00” is not a day"),
        ("weekly funday 09:00", "“funday” is not a day"),
        ("weekly", "Say which day"),
        ("daily 09:00 Mars/Olympus_Mons", "Unknown time zone “Mars/Olympus_Mons”"),
        ("daily 09:00 ../../etc/passwd", "Unknown time zone"),
        ("daily 09:00 Europe/../../etc", "Unknown time zone"),
        ("daily 09:00 CEST+2", "Unknown time zone"),
        ("0 9 * *", "has 5 fields"),
        ("0 9 * * * 2026", "has 5 fields (minute hour day month weekday); this has 6"),
        ("0 0 9 * * * *", "has 7"),
        ("60 * * * *", "The minute value “60” is out of range: use 0-59"),
        ("0 24 * * *", "The hour value “24” is out of range"),
        ("0 9 0 * *", "The day of month value “0” is out of range"),
        ("0 9 * 13 *", "The month value “13” is out of range: use 1-12 or jan, feb, mar, …"),
        ("0 9 * * 8", "The weekday value “8” is out of range: use 0-7"),
        ("0 9 * mon *", "The month value “mon” is out of range"),
        ("0 9 * * 5-1", "range “5-1” runs backwards"),
        ("*/0 * * * *", "step “/0” must be between 1 and 60"),
        ("0 9 ? * *", "The day of month field “?” is not valid cron"),
        ("0 9 L * *", "The day of month value “l” is out of range: use 1-31"),
        ("0 9 * * 1#2", "is not valid cron"),
        ("0 9 1 * 1", "a day of the month or a weekday, not both"),
        ("@daily", "is not a schedule"),
    ],
)
def test_bad_schedules_say_why_with_examples(text, says):
    with pytest.raises(ScheduleError) as raised:
        parse_schedule(text, "UTC")
    message = str(raised.value)
    assert says in message
    assert "Examples: daily 09:00 · weekly mon 09:00 Europe/Berlin · 0 9 * * 1-5" in message
    assert isinstance(raised.value, NewsbotError)


def test_an_echo_is_never_longer_than_40_characters():
    with pytest.raises(ScheduleError) as raised:
        parse_schedule("nonsense " + "y" * 150, "UTC")
    quoted = str(raised.value).split("”")[0]
    assert len(quoted) <= 41 and quoted.endswith("…")


@given(st.text(max_size=MAX_SCHEDULE * 5))
def test_any_text_is_a_schedule_or_a_schedule_error(text):
    try:
        schedule = parse_schedule(text, "UTC")
    except ScheduleError as error:
        assert "Examples:" in str(error)
    else:
        assert len(schedule.cron.split()) == 5 and describe(schedule)


def test_describe_copes_with_any_stored_text():
    assert describe(Schedule("weekly xyz 09:00", "0 9 * * xyz", "UTC")) == "cron '0 9 * * xyz' (UTC)"


def test_run_time_is_english_in_the_zone():
    moment = dt.datetime(2026, 3, 29, 7, 0, tzinfo=dt.UTC)  # the morning Berlin moved to summer time
    assert run_time(moment, "Europe/Berlin") == "Sun Mar 29, 2026 09:00 CEST"
    assert run_time(moment, "UTC") == "Sun Mar 29, 2026 07:00 UTC"
    assert run_time(moment, "Not/AZone") == "Sun Mar 29, 2026 07:00 UTC"
