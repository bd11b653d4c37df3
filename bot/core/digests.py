"""Digest values shared by the /digest command, the scheduler and the store: a Schedule, a
Subscription, the snapshot of what a channel last saw, and the DigestDesk port the runtime implements."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any, Protocol

from bot.core.answer import Answer
from bot.core.request import Channel

Snapshot = dict[str, Any]
"""What a channel's last digest showed, as JSON-ready data (see bot.core.digest_compose.snapshot)."""


@dataclass(frozen=True)
class Schedule:
    """When a channel gets its digest. `text` is the normalized form users typed ('daily 09:00',
    'weekly mon 09:00', or a 5-field cron expression); `cron` the standard 5-field cron expression
    (minute hour day month weekday, weekday 0 or 7 = Sunday); `zone` an IANA time zone name."""

    text: str
    cron: str
    zone: str


@dataclass(frozen=True)
class Subscription:
    """One channel's digest subscription, as the database holds it."""

    channel: Channel
    schedule: Schedule
    paused: bool = False
    reason: str = ""
    """Why it is paused ('' when it is not, or when a manager paused it without one)."""
    last_delivery: dt.datetime | None = None
    created_by: str = ""


@dataclass(frozen=True)
class Delivery:
    """The outcome of posting a digest now: `posted` False with `detail` saying why not."""

    posted: bool
    detail: str


class DigestDesk(Protocol):
    """What the /digest command needs from the application (the runtime implements it over the
    database, the scheduler and the platforms). Methods block: the command runs in a worker thread."""

    default_zone: str
    top_n: int
    chart: bool

    def is_manager(self, user: str) -> bool:
        """True for a user in the DIGEST_MANAGERS allow list."""
        ...

    def next_run(self, schedule: Schedule, after: dt.datetime) -> dt.datetime:
        """The first run after `after` (aware); ValueError if the cron expression is not valid."""
        ...

    def find(self, channel: Channel) -> Subscription | None:
        """The channel's subscription, if any."""
        ...

    def subscribe(self, channel: Channel, schedule: Schedule, by: str) -> Subscription:
        """Create the channel's subscription, or replace its schedule (keeping what it last saw)."""
        ...

    def unsubscribe(self, channel: Channel) -> bool:
        """Remove the channel's subscription; False if it had none."""
        ...

    def set_paused(self, channel: Channel, paused: bool) -> Subscription | None:
        """Pause or resume (resuming clears the reason and the failure count); None if no subscription."""
        ...

    def last_snapshot(self, channel: Channel) -> Snapshot | None:
        """What the channel's last delivered digest showed (None before the first one)."""
        ...

    def deliver_now(self, channel: Channel, slot: dt.datetime | None = None) -> Delivery:
        """Post the channel's digest now, as a delivery (claimed, posted, recorded) of `slot`: the request's
        own time (Request.created), so a request that arrives twice claims one slot and posts once; None
        for the current time."""
        ...


@dataclass(frozen=True)
class Digest:
    """A composed digest: the answer to post, the snapshot to remember, and whether anything changed."""

    answer: Answer
    snapshot: Snapshot
    news: bool
