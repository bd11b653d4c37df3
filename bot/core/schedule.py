"""Digest schedules as users type them: 'daily 09:00', 'weekly mon 09:00', or a 5-field cron
expression, each optionally ending in an IANA time zone. Parsed into a Schedule, described in words.

The check here is syntax and plausible ranges; the desk's next_run (the runtime's scheduler) has the
last word on a cron expression.
"""

from __future__ import annotations

import datetime as dt
import re
import zoneinfo
from functools import lru_cache
from typing import NoReturn

from bot.core.digests import Schedule
from bot.core.text import clean, date, quote
from bot.errors import ScheduleError

__all__ = ["EXAMPLES", "HOW", "MAX_CRON", "MAX_SCHEDULE", "describe", "parse_schedule", "run_time"]

MAX_SCHEDULE = 200
MAX_CRON = 100
"""Longest cron expression kept (the database's digest_subscriptions.cron column is String(100))."""
ECHO = 40
EXAMPLES = ("daily 09:00", "weekly mon 09:00 Europe/Berlin", "0 9 * * 1-5")
HOW = (
    "Write daily HH:MM, weekly <day> HH:MM or a 5-field cron expression (minute hour day month weekday), "
    "optionally followed by a time zone. Examples: " + " · ".join(EXAMPLES)
)
DAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
"""English day names, Monday first (datetime.weekday order)."""
_DAY_INDEX = {spelling: i for i, name in enumerate(DAYS) for spelling in (name[:3].lower(), name.lower())}
_CRON_DAYS = {name[:3].lower(): (i + 1) % 7 for i, name in enumerate(DAYS)}  # cron: sun = 0
_CRON_MONTHS = {name: i for i, name in enumerate(
    ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec"), start=1)}
_FIELDS = (  # name, lowest, highest, names allowed
    ("minute", 0, 59, {}),
    ("hour", 0, 23, {}),
    ("day of month", 1, 31, {}),
    ("month", 1, 12, _CRON_MONTHS),
    ("weekday", 0, 7, _CRON_DAYS),
)
_TIME = re.compile(r"^(\d{1,2}):(\d{2})$")
_ZONE = re.compile(r"^[A-Za-z][A-Za-z0-9_+\-/]{0,63}$")
_CRON_ITEM = re.compile(r"^(\*|[0-9a-z]+(?:-[0-9a-z]+)?)(?:/(\d+))?$")
_FILLER = {"at", "on", "every"}
_HOST_ZONES = {"localtime", "factory"}
"""Zone 'names' that are not places: /etc/localtime is whatever the host is set to, Factory is no zone."""


def utcnow() -> dt.datetime:
    """Now, aware, in UTC: the one clock every default `clock=` uses."""
    return dt.datetime.now(dt.UTC)


def parse_schedule(text: str, default_zone: str) -> Schedule:
    """The Schedule `text` describes; ScheduleError (saying why, with examples) when it is not one."""
    if len(text) > MAX_SCHEDULE * 4:
        _fail(f"That schedule is too long ({len(text):,} characters; at most {MAX_SCHEDULE}).")
    text = clean(text)
    if not text:
        _fail("Give a schedule.")
    if len(text) > MAX_SCHEDULE:
        _fail(f"That schedule is too long ({len(text):,} characters; at most {MAX_SCHEDULE}).")
    words = text.split()
    kind = words[0].lower()
    if kind in ("daily", "weekly"):
        rest = [w for w in words[1:] if w.lower() not in _FILLER]
        return _simple(kind, rest, default_zone)
    if not any(ch.isdigit() or ch == "*" for ch in kind):
        _fail(f"{quote(text, ECHO)} is not a schedule.")
    if len(words) == 6 and not _ZONE.match(words[5]):
        _fail("A cron expression has 5 fields (minute hour day month weekday); this has 6.")
    if len(words) not in (5, 6):
        _fail(f"A cron expression has 5 fields (minute hour day month weekday); {quote(text, ECHO)} has {len(words)}.")
    cron = _cron([w.lower() for w in words[:5]])
    if len(cron) > MAX_CRON:
        _fail(f"That cron expression is too long ({len(cron):,} characters; at most {MAX_CRON}): "
              "use ranges (a-b) or steps (*/n) instead of long lists.")
    return Schedule(text=cron, cron=cron, zone=_zone(words[5]) if len(words) == 6 else default_zone)


def _simple(kind: str, rest: list[str], default_zone: str) -> Schedule:
    """'daily HH:MM [zone]' or 'weekly <day> HH:MM [zone]', the keyword already taken off."""
    day = ""
    if kind == "weekly":
        if not rest or rest[0].lower() not in _DAY_INDEX:
            shown = f"{quote(rest[0], ECHO)} is not a day" if rest else "Say which day"
            _fail(f"{shown}: weekly takes mon, tue, wed, thu, fri, sat or sun (or the full name).")
        day, rest = rest[0].lower()[:3], rest[1:]
    if not rest or len(rest) > 2:
        _fail(f"{kind} takes a time of day (HH:MM) and, if you like, a time zone.")
    hour, minute = _time(rest[0])
    zone = _zone(rest[1]) if len(rest) == 2 else default_zone
    at = f"{hour:02d}:{minute:02d}"
    if kind == "daily":
        return Schedule(text=f"daily {at}", cron=f"{minute} {hour} * * *", zone=zone)
    return Schedule(text=f"weekly {day} {at}", cron=f"{minute} {hour} * * {day}", zone=zone)


def _time(text: str) -> tuple[int, int]:
    """(hour, minute) of 'HH:MM' or 'H:MM'."""
    match = _TIME.match(text)
    if not match or int(match.group(1)) > 23 or int(match.group(2)) > 59:
        _fail(f"{quote(text, ECHO)} is not a time of day: write HH:MM with hours 0-23 and minutes 0-59, e.g. 09:00.")
    return int(match.group(1)), int(match.group(2))


@lru_cache(maxsize=1)
def _zones() -> dict[str, str]:
    """Every IANA zone name this host knows, by its case-folded spelling."""
    return {name.casefold(): name for name in zoneinfo.available_timezones()}


def _zone(text: str) -> str:
    """The IANA zone `text` names, in its proper case ('europe/berlin' -> 'Europe/Berlin')."""
    if _ZONE.match(text) and ".." not in text and text.casefold() not in _HOST_ZONES:
        name = _zones().get(text.casefold(), text)
        try:
            zoneinfo.ZoneInfo(name)
            return name
        except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
            pass
    _fail(f"Unknown time zone {quote(text, ECHO)}: use an IANA name such as Europe/Berlin, America/New_York or UTC.")


def _cron(fields: list[str]) -> str:
    """The 5 fields checked (characters, values, ranges, steps) and joined by single spaces."""
    for text, (name, low, high, names) in zip(fields, _FIELDS, strict=True):
        for item in text.split(","):
            match = _CRON_ITEM.match(item)
            if not match:
                _fail(f"The {name} field {quote(text, ECHO)} is not valid cron: use numbers, *, ranges a-b, "
                      "lists a,b and steps */n.")
            span = match.group(1)
            ends = [] if span == "*" else [_cron_value(v, name, low, high, names) for v in span.split("-")]
            if len(ends) == 2 and ends[0] > ends[1]:
                _fail(f"The {name} range {quote(span, ECHO)} runs backwards; write the smaller value first.")
            step = match.group(2)
            if step is not None and not 1 <= int(step) <= high - low + 1:
                _fail(f"The {name} step {quote('/' + step, ECHO)} must be between 1 and {high - low + 1}.")
    if fields[2] != "*" and fields[4] != "*":
        _fail("Give a day of the month or a weekday, not both: cron then means either one, which is rarely "
              "what is wanted.")
    return " ".join(fields)


def _cron_value(text: str, name: str, low: int, high: int, names: dict[str, int]) -> int:
    """One cron value: a number within the field's range, or (month, weekday) a 3-letter name."""
    if text in names:
        return names[text]
    if not text.isdecimal() or not low <= int(text) <= high:
        spelled = f" or {', '.join(list(names)[:3])}, …" if names else ""
        _fail(f"The {name} value {quote(text, ECHO)} is out of range: use {low}-{high}{spelled}.")
    return int(text)


def _fail(reason: str) -> NoReturn:
    raise ScheduleError(f"{reason} {HOW}")


def describe(schedule: Schedule) -> str:
    """The schedule in plain words: 'every day at 09:00 (Europe/Berlin)', "cron '0 9 * * 1-5' (UTC)"."""
    words = schedule.text.split()
    if len(words) == 2 and words[0] == "daily":
        when = f"every day at {words[1]}"
    elif len(words) == 3 and words[0] == "weekly" and words[1] in _DAY_INDEX:
        when = f"every {DAYS[_DAY_INDEX[words[1]]]} at {words[2]}"
    else:
        when = f"cron '{schedule.cron}'"
    return f"{when} ({schedule.zone})"


def run_time(moment: dt.datetime, zone: str) -> str:
    """An aware time in `zone`, in English whatever the locale: 'Mon Apr 13, 2026 09:00 CEST'."""
    try:
        local = moment.astimezone(zoneinfo.ZoneInfo(zone))
    except (zoneinfo.ZoneInfoNotFoundError, ValueError, OSError):
        local = moment.astimezone(dt.UTC)
    return f"{DAYS[local.weekday()][:3]} {date(local.date().isoformat())} {local:%H:%M} {local.tzname()}"
