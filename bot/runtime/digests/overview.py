"""`newsbot digest list` and `newsbot digest preview`: what operators see, with no platform credentials."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

from bot.content.catalog import Catalog
from bot.core.digest_compose import compose
from bot.core.digests import Schedule
from bot.core.answer import Table
from bot.render.text import render_text, table_lines
from bot.runtime.digests.poster import channel_of
from bot.runtime.digests.desk import next_run
from bot.store.digests import SubscriptionRow

COLUMNS = ("platform", "channel", "schedule", "zone", "next run", "last delivery", "state", "reason")


def _when(moment: dt.datetime | None, zone: str) -> str:
    return moment.astimezone(ZoneInfo(zone)).strftime("%Y-%m-%d %H:%M") if moment else "-"


def row_values(row: SubscriptionRow, now: dt.datetime) -> tuple[str, ...]:
    """One subscription as the list shows it; times in its own zone."""
    if row.paused:
        upcoming = "-"
    else:
        try:
            upcoming = _when(next_run(Schedule(row.schedule_text, row.cron, row.zone), now), row.zone)
        except ValueError as exc:
            upcoming = f"invalid: {exc}"
    return (
        row.platform, str(channel_of(row)), row.schedule_text, row.zone, upcoming,
        _when(row.last_delivery, row.zone), "paused" if row.paused else "active", " ".join(row.reason.split())[:80] or "-",
    )


def subscription_table(rows: list[SubscriptionRow], now: dt.datetime) -> str:
    """Every subscription as an aligned text table (or a sentence when there is none)."""
    if not rows:
        return "No digest subscriptions. In a channel: /digest subscribe daily 09:00"
    return "\n".join(table_lines(Table(COLUMNS, tuple(row_values(row, now) for row in rows))))


def preview(catalog: Catalog, top_n: int) -> str:
    """What a channel subscribing now would get first, as text."""
    return render_text(compose(catalog, None, top_n=top_n, since=None).answer)
