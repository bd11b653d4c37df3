"""Regressions from the digest review in schedule parsing: cron longer than its column, host zones."""

from __future__ import annotations

import pytest

from bot.core.schedule import MAX_CRON, parse_schedule
from bot.errors import ScheduleError
from bot.store.digests import subscriptions


def test_max_cron_matches_the_database_column() -> None:
    assert subscriptions.c.cron.type.length == MAX_CRON


def test_a_cron_expression_longer_than_the_column_is_refused_clearly() -> None:
    minutes = ",".join(str(m) for m in range(43))
    with pytest.raises(ScheduleError, match=r"too long \(126 characters; at most 100\)"):
        parse_schedule(f"{minutes} * * * *", "UTC")
    fits = ",".join(str(m) for m in range(0, 59, 2))  # 81 characters with the other fields
    assert len(parse_schedule(f"{fits} * * * *", "UTC").cron) <= MAX_CRON


@pytest.mark.parametrize("zone", ["localtime", "LocalTime", "Factory", "factory"])
def test_host_dependent_zone_names_are_refused(zone: str) -> None:
    with pytest.raises(ScheduleError, match="Unknown time zone"):
        parse_schedule(f"daily 09:00 {zone}", "UTC")
    with pytest.raises(ScheduleError, match="Unknown time zone"):
        parse_schedule(f"0 9 * * * {zone}", "UTC")
