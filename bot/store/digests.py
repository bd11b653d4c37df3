"""Digest subscriptions and their deliveries. A delivery row per (subscription, slot), unique, is what
makes a scheduled slot go out exactly once across replicas: whoever inserts it first delivers it."""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass
from typing import Any

from sqlalchemy import (
    Boolean, Column, DateTime, ForeignKey, Index, Integer, String, Table, Text, TypeDecorator,
    UniqueConstraint, delete, false, func, insert, select, update,
)
from sqlalchemy.engine import Connection, Dialect, Row
from sqlalchemy.exc import IntegrityError

from bot.store.db import Store, bot_state, metadata

STATES = ("claimed", "posted", "empty", "failed", "uncertain", "skipped")
"""A delivery's states: 'claimed' until its result is known, then one of the others."""
REVISION_KEY = "digests:revision"
"""bot_state key bumped by every change that matters to the schedule (see DigestStore.fingerprint)."""


class UTCDateTime(TypeDecorator[dt.datetime]):
    """A timestamp stored as UTC and returned aware in UTC (SQLite keeps no zone: naive there means UTC)."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            raise ValueError(f"naive datetime {value.isoformat()}: the digest store takes aware datetimes only")
        value = value.astimezone(dt.UTC)
        return value.replace(tzinfo=None) if dialect.name == "sqlite" else value

    def process_result_value(self, value: dt.datetime | None, dialect: Dialect) -> dt.datetime | None:
        if value is None:
            return None
        return value.replace(tzinfo=dt.UTC) if value.tzinfo is None else value.astimezone(dt.UTC)


subscriptions = Table(
    "digest_subscriptions",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("platform", String(64), nullable=False),
    Column("workspace", String(64), nullable=False),
    Column("channel", String(64), nullable=False),
    Column("thread", String(64), nullable=False, default="", server_default=""),
    Column("schedule_text", String(200), nullable=False),
    Column("cron", String(100), nullable=False),
    Column("zone", String(64), nullable=False),
    Column("paused", Boolean, nullable=False, default=False, server_default=false()),
    Column("reason", Text, nullable=False, default="", server_default=""),
    Column("failures", Integer, nullable=False, default=0, server_default="0"),
    Column("created_by", String(64), nullable=False),
    Column("created_at", UTCDateTime, nullable=False),
    Column("updated_at", UTCDateTime, nullable=False),
    Column("last_delivery", UTCDateTime, nullable=True),
    Column("last_slot", UTCDateTime, nullable=True),
    Column("snapshot", Text, nullable=True),
    UniqueConstraint("platform", "workspace", "channel", "thread", name="uq_digest_subscriptions_channel"),
)

deliveries = Table(
    "digest_deliveries",
    metadata,
    Column("id", Integer, primary_key=True, autoincrement=True),
    Column("subscription_id", Integer, ForeignKey("digest_subscriptions.id", ondelete="CASCADE"), nullable=False),
    Column("slot", UTCDateTime, nullable=False),
    Column("state", String(20), nullable=False),
    Column("replica", String(64), nullable=False),
    Column("attempts", Integer, nullable=False, default=0, server_default="0"),
    Column("detail", Text, nullable=False, default="", server_default=""),
    Column("claimed_at", UTCDateTime, nullable=False),
    Column("finished_at", UTCDateTime, nullable=True),
    UniqueConstraint("subscription_id", "slot", name="uq_digest_deliveries_slot"),
    Index("ix_digest_deliveries_state", "state"),
)


@dataclass(frozen=True)
class SubscriptionRow:
    """One subscription as stored. `updated_at` moves when the schedule or the paused state changes."""

    id: int
    platform: str
    workspace: str
    channel: str
    thread: str
    schedule_text: str
    cron: str
    zone: str
    paused: bool
    reason: str
    failures: int
    created_by: str
    created_at: dt.datetime
    updated_at: dt.datetime
    last_delivery: dt.datetime | None
    last_slot: dt.datetime | None
    snapshot: str | None


@dataclass(frozen=True)
class DeliveryRow:
    """One claimed slot of one subscription and what became of it."""

    id: int
    subscription_id: int
    slot: dt.datetime
    state: str
    replica: str
    attempts: int
    detail: str
    claimed_at: dt.datetime | None = None
    finished_at: dt.datetime | None = None


def _now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def _subscription(row: Row[Any]) -> SubscriptionRow:
    return SubscriptionRow(**{name: row._mapping[name] for name in SubscriptionRow.__dataclass_fields__})


def _delivery(row: Row[Any]) -> DeliveryRow:
    return DeliveryRow(**{name: row._mapping[name] for name in DeliveryRow.__dataclass_fields__})


def _channel(platform: str, workspace: str, channel: str, thread: str) -> Any:
    c = subscriptions.c
    return (c.platform == platform) & (c.workspace == workspace) & (c.channel == channel) & (c.thread == thread)


class DigestStore:
    """Subscriptions and deliveries in the store's database. Every method is synchronous and short;
    async callers go through `Store.run`. Datetimes go in aware (any zone) and come out aware UTC."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.engine = store.engine

    # subscriptions

    def upsert(
        self, platform: str, workspace: str, channel: str, thread: str,
        schedule_text: str, cron: str, zone: str, by: str,
    ) -> SubscriptionRow:
        """A new subscription, or a new schedule for the channel's existing one (its snapshot, last_*,
        paused state, reason, failures and created_by are kept)."""
        where = _channel(platform, workspace, channel, thread)
        schedule = {"schedule_text": schedule_text, "cron": cron, "zone": zone}
        for _ in range(2):  # a replica inserting the same channel at the same moment: update theirs
            now = _now()
            try:
                with self.engine.begin() as connection:
                    changed = connection.execute(update(subscriptions).where(where).values(**schedule, updated_at=now))
                    if changed.rowcount == 0:
                        connection.execute(insert(subscriptions).values(
                            platform=platform, workspace=workspace, channel=channel, thread=thread, **schedule,
                            paused=False, reason="", failures=0, created_by=by, created_at=now, updated_at=now,
                        ))
                    self._bump(connection)
                    return _subscription(connection.execute(select(subscriptions).where(where)).one())
            except IntegrityError:
                continue
        raise RuntimeError("could not store the digest subscription: the channel keeps changing")

    def get(self, platform: str, workspace: str, channel: str, thread: str) -> SubscriptionRow | None:
        """The channel's subscription, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(
                select(subscriptions).where(_channel(platform, workspace, channel, thread))
            ).first()
        return _subscription(row) if row else None

    def get_by_id(self, subscription_id: int) -> SubscriptionRow | None:
        """The subscription with that id, or None."""
        with self.engine.connect() as connection:
            row = connection.execute(select(subscriptions).where(subscriptions.c.id == subscription_id)).first()
        return _subscription(row) if row else None

    def delete(self, platform: str, workspace: str, channel: str, thread: str) -> bool:
        """Remove the channel's subscription and its deliveries; False if it had none."""
        with self.engine.begin() as connection:
            found = connection.execute(
                select(subscriptions.c.id).where(_channel(platform, workspace, channel, thread))
            ).scalar()
            if found is None:
                return False
            # ON DELETE CASCADE does this too, but SQLite enforces foreign keys only when asked to
            connection.execute(delete(deliveries).where(deliveries.c.subscription_id == found))
            connection.execute(delete(subscriptions).where(subscriptions.c.id == found))
            self._bump(connection)
            return True

    def set_paused(self, subscription_id: int, paused: bool, reason: str = "") -> None:
        """Pause (with an optional reason) or resume (clears the reason and the failure count)."""
        values: dict[str, Any] = {"paused": paused, "reason": reason if paused else "", "updated_at": _now()}
        if not paused:
            values["failures"] = 0
        with self.engine.begin() as connection:
            changed = connection.execute(
                update(subscriptions).where(subscriptions.c.id == subscription_id).values(**values)
            )
            if changed.rowcount:
                self._bump(connection)

    def all(self) -> list[SubscriptionRow]:
        """Every subscription, oldest first."""
        with self.engine.connect() as connection:
            rows = connection.execute(select(subscriptions).order_by(subscriptions.c.id)).all()
        return [_subscription(row) for row in rows]

    def fingerprint(self) -> str:
        """Changes whenever a subscription is added, removed, rescheduled, paused or resumed (not on a
        delivery): one cheap query, for replicas polling for each other's changes."""
        c = subscriptions.c
        revision = select(bot_state.c.value).where(bot_state.c.key == REVISION_KEY).scalar_subquery()
        query = select(func.count(), func.max(c.id), func.max(c.updated_at), revision)
        with self.engine.connect() as connection:
            count, top, updated, token = connection.execute(query).one()
        return f"{count}:{top}:{updated}:{token}"

    def delivered(self, subscription_id: int, slot: dt.datetime, snapshot_json: str, when: dt.datetime) -> None:
        """Record a posted digest: last_delivery, last_slot (never moved back), snapshot; failures 0."""
        c = subscriptions.c
        with self.engine.begin() as connection:
            current = connection.execute(select(c.last_slot).where(c.id == subscription_id)).first()
            if current is None:
                return
            newest = slot if current.last_slot is None or current.last_slot < slot else current.last_slot
            connection.execute(update(subscriptions).where(c.id == subscription_id).values(
                last_delivery=when, last_slot=newest, snapshot=snapshot_json, failures=0,
            ))

    def failed(self, subscription_id: int, reason: str, pause_after: int) -> int:
        """Count one more consecutive failure; pause with `reason` once there are `pause_after`. Returns
        the new count (0 if the subscription is gone)."""
        c = subscriptions.c
        with self.engine.begin() as connection:
            connection.execute(update(subscriptions).where(c.id == subscription_id).values(failures=c.failures + 1))
            row = connection.execute(select(c.failures, c.paused).where(c.id == subscription_id)).first()
            if row is None:
                return 0
            if row.failures >= pause_after and not row.paused:
                connection.execute(update(subscriptions).where(c.id == subscription_id).values(
                    paused=True, reason=reason, updated_at=_now(),
                ))
                self._bump(connection)
            return int(row.failures)

    # deliveries

    def claim(self, subscription_id: int, slot: dt.datetime, replica: str) -> int | None:
        """Claim the slot for delivery: its delivery id, or None if the slot is claimed already (by
        anyone, in any state) or the subscription is gone."""
        try:
            with self.engine.begin() as connection:
                exists = select(subscriptions.c.id).where(subscriptions.c.id == subscription_id)
                if connection.execute(exists).first() is None:
                    return None
                return int(connection.execute(insert(deliveries).values(
                    subscription_id=subscription_id, slot=slot, state="claimed", replica=replica,
                    attempts=0, detail="", claimed_at=_now(),
                )).inserted_primary_key[0])
        except IntegrityError:
            return None

    def attempt(self, delivery_id: int) -> int:
        """Count one more posting attempt; the new count (0 if the delivery is gone)."""
        c = deliveries.c
        with self.engine.begin() as connection:
            connection.execute(update(deliveries).where(c.id == delivery_id).values(attempts=c.attempts + 1))
            return int(connection.execute(select(c.attempts).where(c.id == delivery_id)).scalar() or 0)

    def finish(self, delivery_id: int, state: str, detail: str = "") -> None:
        """Record the delivery's result: one of STATES other than 'claimed'."""
        if state not in STATES or state == "claimed":
            raise ValueError(f"not a finished delivery state: {state!r}")
        with self.engine.begin() as connection:
            connection.execute(update(deliveries).where(deliveries.c.id == delivery_id).values(
                state=state, detail=detail, finished_at=_now(),
            ))

    def unsettled(self, before: dt.datetime | None = None) -> list[DeliveryRow]:
        """Deliveries still 'claimed' (a crash between claim and result), oldest first; with `before`,
        only those claimed earlier than it (so another replica's delivery in flight is left alone)."""
        query = select(deliveries).where(deliveries.c.state == "claimed").order_by(deliveries.c.id)
        if before is not None:
            query = query.where(deliveries.c.claimed_at < before)
        with self.engine.connect() as connection:
            return [_delivery(row) for row in connection.execute(query).all()]

    def last_slot(self, subscription_id: int) -> dt.datetime | None:
        """The newest slot claimed for the subscription, in any state; None if none."""
        with self.engine.connect() as connection:
            return connection.execute(
                select(func.max(deliveries.c.slot)).where(deliveries.c.subscription_id == subscription_id)
            ).scalar()

    def deliveries(self, subscription_id: int) -> list[DeliveryRow]:
        """The subscription's deliveries, oldest slot first (for operators and tests)."""
        query = select(deliveries).where(deliveries.c.subscription_id == subscription_id).order_by(deliveries.c.slot)
        with self.engine.connect() as connection:
            return [_delivery(row) for row in connection.execute(query).all()]

    def _bump(self, connection: Connection) -> None:
        """A new revision token, in the caller's transaction (see fingerprint; migration 0002 seeds it)."""
        values = {"value": uuid.uuid4().hex, "updated_at": _now()}
        if connection.execute(update(bot_state).where(bot_state.c.key == REVISION_KEY).values(**values)).rowcount == 0:
            connection.execute(insert(bot_state).values(key=REVISION_KEY, **values))
