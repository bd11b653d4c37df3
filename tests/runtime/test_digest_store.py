"""The digest store on real SQLite and real PostgreSQL: subscriptions, exactly-once claims, migration 0002."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
import sqlalchemy as sa
from alembic import command
from alembic.config import Config
from alembic.script import ScriptDirectory

from bot.store import Store
from bot.store.db import MIGRATIONS
from bot.store.digests import DigestStore, SubscriptionRow
from tests.runtime.store_support import at_once, raw_store  # noqa: F401 - the fixture

CHANNEL = ("slack", "T1", "C1", "")
DAILY = ("daily 09:00", "0 9 * * *", "Europe/Berlin")
SLOT = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)


@pytest.fixture
def digests(raw_store: Store) -> DigestStore:
    raw_store.migrate()
    return DigestStore(raw_store)


def subscribe(digests: DigestStore, channel: tuple[str, str, str, str] = CHANNEL, schedule=DAILY) -> SubscriptionRow:
    return digests.upsert(*channel, *schedule, by="U1")


def test_subscription_round_trips(digests):
    row = subscribe(digests)
    assert (row.platform, row.workspace, row.channel, row.thread) == CHANNEL
    assert (row.schedule_text, row.cron, row.zone) == DAILY
    assert (row.paused, row.reason, row.failures, row.created_by) == (False, "", 0, "U1")
    assert row.created_at.tzinfo == dt.UTC and row.updated_at.tzinfo == dt.UTC
    assert row.last_delivery is None and row.last_slot is None and row.snapshot is None
    assert digests.get(*CHANNEL) == row
    assert digests.get_by_id(row.id) == row
    assert digests.all() == [row]
    assert digests.get("slack", "T1", "C2", "") is None and digests.get_by_id(row.id + 100) is None


def test_one_subscription_per_channel_and_thread(digests):
    first = subscribe(digests)
    again = subscribe(digests, schedule=("weekly mon 09:00", "0 9 * * 1", "UTC"))
    threaded = subscribe(digests, channel=("slack", "T1", "C1", "171.2"))
    other_workspace = subscribe(digests, channel=("slack", "T2", "C1", ""))
    assert again.id == first.id and again.cron == "0 9 * * 1" and again.zone == "UTC"
    assert len({first.id, threaded.id, other_workspace.id}) == 3
    assert len(digests.all()) == 3
    with pytest.raises(sa.exc.IntegrityError), digests.engine.begin() as connection:
        now = dt.datetime.now(dt.UTC)
        connection.execute(sa.text(
            "INSERT INTO digest_subscriptions (platform, workspace, channel, thread, schedule_text, cron, zone,"
            " paused, created_by, created_at, updated_at)"
            " VALUES ('slack', 'T1', 'C1', '', 'x', 'x', 'UTC', false, 'U', :now, :now)"
        ), {"now": now})


def test_upsert_keeps_what_the_channel_saw(digests):
    row = subscribe(digests)
    when = dt.datetime(2026, 3, 2, 9, 0, 5, tzinfo=ZoneInfo("Europe/Berlin"))
    digests.delivered(row.id, SLOT, '{"version": 1}', when)
    digests.set_paused(row.id, True, "manager paused")
    again = digests.upsert(*CHANNEL, "daily 10:00", "0 10 * * *", "UTC", by="U2")
    assert again.snapshot == '{"version": 1}'
    assert again.last_delivery == when and again.last_delivery.tzinfo == dt.UTC
    assert again.last_slot == SLOT
    assert (again.paused, again.reason, again.created_by) == (True, "manager paused", "U1")
    assert (again.schedule_text, again.cron, again.zone) == ("daily 10:00", "0 10 * * *", "UTC")


def test_claim_is_once_per_slot(digests):
    row = subscribe(digests)
    first = digests.claim(row.id, SLOT, "replica-a")
    assert isinstance(first, int)
    assert digests.claim(row.id, SLOT, "replica-b") is None
    assert digests.claim(row.id, SLOT.astimezone(ZoneInfo("Asia/Tokyo")), "replica-b") is None  # same instant
    later = digests.claim(row.id, SLOT + dt.timedelta(days=1), "replica-b")
    assert later not in (None, first)
    assert digests.claim(row.id + 100, SLOT, "replica-a") is None  # no such subscription
    assert digests.last_slot(row.id) == SLOT + dt.timedelta(days=1)
    assert digests.last_slot(row.id).tzinfo == dt.UTC


def test_delivery_life_cycle(digests):
    row = subscribe(digests)
    delivery = digests.claim(row.id, SLOT, "replica-a")
    other = digests.claim(row.id, SLOT + dt.timedelta(days=1), "replica-a")
    assert [d.id for d in digests.unsettled()] == [delivery, other]
    assert digests.attempt(delivery) == 1 and digests.attempt(delivery) == 2
    digests.finish(delivery, "posted", "ts 171.2")
    with pytest.raises(ValueError):
        digests.finish(other, "claimed")
    [left] = digests.unsettled()
    tomorrow = SLOT + dt.timedelta(days=1)
    assert (left.id, left.state, left.replica, left.slot) == (other, "claimed", "replica-a", tomorrow)
    assert digests.unsettled(before=left.claimed_at) == []
    assert digests.unsettled(before=left.claimed_at + dt.timedelta(seconds=1)) == [left]
    [done, _] = digests.deliveries(row.id)
    assert (done.state, done.attempts, done.detail) == ("posted", 2, "ts 171.2")
    assert done.finished_at is not None and done.finished_at.tzinfo == dt.UTC


def test_delivered_and_failed(digests):
    row = subscribe(digests)
    assert digests.failed(row.id, "channel gone", pause_after=3) == 1
    digests.delivered(row.id, SLOT, "{}", SLOT + dt.timedelta(seconds=3))
    assert digests.get_by_id(row.id).failures == 0
    assert [digests.failed(row.id, "channel gone", pause_after=3) for _ in range(2)] == [1, 2]
    assert not digests.get_by_id(row.id).paused
    assert digests.failed(row.id, "channel gone", pause_after=3) == 3
    paused = digests.get_by_id(row.id)
    assert (paused.paused, paused.reason, paused.failures) == (True, "channel gone", 3)
    digests.set_paused(row.id, False)
    resumed = digests.get_by_id(row.id)
    assert (resumed.paused, resumed.reason, resumed.failures) == (False, "", 0)
    digests.delivered(row.id, SLOT - dt.timedelta(days=1), "{}", SLOT)  # an older slot delivered late
    assert digests.get_by_id(row.id).last_slot == SLOT
    assert digests.failed(row.id + 100, "x", 3) == 0


def test_delete_cascades_to_deliveries(digests):
    row = subscribe(digests)
    digests.claim(row.id, SLOT, "replica-a")
    kept = subscribe(digests, channel=("discord", "G1", "C9", ""))
    digests.claim(kept.id, SLOT, "replica-a")
    assert digests.delete(*CHANNEL) is True
    assert digests.delete(*CHANNEL) is False
    assert digests.get(*CHANNEL) is None and digests.deliveries(row.id) == []
    assert [d.subscription_id for d in digests.unsettled()] == [kept.id]


def test_database_cascade_without_the_store(digests):
    if digests.engine.dialect.name == "sqlite":
        pytest.skip("SQLite enforces foreign keys only with PRAGMA foreign_keys; DigestStore.delete does it itself")
    row = subscribe(digests)
    digests.claim(row.id, SLOT, "replica-a")
    with digests.engine.begin() as connection:
        connection.execute(sa.text("DELETE FROM digest_subscriptions WHERE id = :id"), {"id": row.id})
    assert digests.deliveries(row.id) == []


def test_fingerprint_changes_on_add_change_and_remove(digests):
    seen = [digests.fingerprint()]

    def changed() -> bool:
        seen.append(digests.fingerprint())
        return seen[-1] != seen[-2]

    row = subscribe(digests)
    assert changed()
    assert not changed()
    digests.claim(row.id, SLOT, "replica-a")
    digests.delivered(row.id, SLOT, "{}", SLOT)
    assert not changed()  # deliveries do not change the schedule
    subscribe(digests, schedule=("daily 10:00", "0 10 * * *", "UTC"))
    assert changed()
    digests.set_paused(row.id, True, "")
    assert changed()
    digests.set_paused(row.id, False)
    assert changed()
    second = subscribe(digests, channel=("slack", "T1", "C2", ""))
    assert changed()
    for _ in range(3):
        digests.failed(second.id, "gone", 3)
    assert changed()  # paused by failures
    digests.delete("slack", "T1", "C2", "")
    assert changed()
    readded = subscribe(digests, channel=("slack", "T1", "C2", ""))  # SQLite may reuse the id
    assert changed() and readded.id >= second.id
    assert len(set(seen)) == len(seen) - 2


def test_datetimes_must_be_aware(digests):
    row = subscribe(digests)
    with pytest.raises(sa.exc.StatementError):
        digests.claim(row.id, dt.datetime(2026, 1, 1), "replica-a")


def test_two_replicas_claim_one_slot_once(raw_store):
    """Two engines (as two processes would have) race for one slot: exactly one gets it."""
    raw_store.migrate()
    row = subscribe(DigestStore(raw_store))
    results = at_once(raw_store, 2, lambda store, n: DigestStore(store).claim(row.id, SLOT, f"replica-{n}"))
    assert len(results) == 2
    assert sum(result is not None for result in results) == 1
    assert [d.id for d in DigestStore(raw_store).deliveries(row.id)] == [r for r in results if r is not None]


def test_two_replicas_subscribe_one_channel_at_once(raw_store):
    raw_store.migrate()
    ids = at_once(raw_store, 4, lambda store, n: subscribe(DigestStore(store)).id)
    assert len(ids) == 4 and len(set(ids)) == 1


def test_migration_0002_upgrades_0001_and_keeps_state(raw_store):
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS))
    with raw_store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, "0001")
    raw_store.set_state("discord:sync", "abc")
    raw_store.migrate()
    assert raw_store.get_state("discord:sync") == "abc"
    with raw_store.engine.connect() as connection:
        head = ScriptDirectory.from_config(config).get_current_head()
        assert connection.execute(sa.text("SELECT version_num FROM alembic_version")).scalar() == head
    tables = set(sa.inspect(raw_store.engine).get_table_names())
    assert {"bot_state", "digest_subscriptions", "digest_deliveries"} <= tables
    digests = DigestStore(raw_store)
    before = digests.fingerprint()
    subscribe(digests)
    assert digests.fingerprint() != before
    with raw_store.engine.begin() as connection:
        config.attributes["connection"] = connection
        command.downgrade(config, "0001")
    assert raw_store.get_state("discord:sync") == "abc"
    assert "digest_subscriptions" not in sa.inspect(raw_store.engine).get_table_names()
