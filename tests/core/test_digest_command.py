"""/digest through the core, against a small in-memory DigestDesk (the desk is a port)."""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Channel, Core, Request, Status
from bot.core.commands import digest as digest_command
from bot.core.digest_compose import compose
from bot.core.digests import Delivery, Schedule, Snapshot, Subscription
from bot.errors import StoreError
from bot.render.text import render_text

SLACK = Channel("slack", "T1", "C1")
DISCORD = Channel("discord", "G1", "C9")


class MemoryDesk:
    """DigestDesk in memory: subscriptions by channel; deliver_now composes and 'posts' to a list."""

    default_zone = "Europe/Berlin"
    top_n = 3
    chart = False

    def __init__(self, catalog, managers: tuple[str, ...] = ()) -> None:
        self.catalog = catalog
        self.managers = managers
        self.subscriptions: dict[Channel, Subscription] = {}
        self.snapshots: dict[Channel, Snapshot] = {}
        self.posts: list[tuple[Channel, str]] = []
        self.slots: list[dt.datetime | None] = []
        self.broken = False

    def _check(self) -> None:
        if self.broken:
            raise StoreError("database unavailable")

    def is_manager(self, user: str) -> bool:
        return user in self.managers

    def next_run(self, schedule: Schedule, after: dt.datetime) -> dt.datetime:
        minute, hour, day, *_ = schedule.cron.split()
        if day == "31":
            raise ValueError("this schedule never runs")
        local = after.astimezone(ZoneInfo(schedule.zone))
        run = local.replace(hour=int(hour) if hour.isdigit() else 0, minute=int(minute), second=0, microsecond=0)
        return run if run > local else run + dt.timedelta(days=1)

    def find(self, channel: Channel) -> Subscription | None:
        self._check()
        return self.subscriptions.get(channel)

    def subscribe(self, channel: Channel, schedule: Schedule, by: str) -> Subscription:
        self._check()
        old = self.subscriptions.get(channel)
        new = replace(old, schedule=schedule) if old else Subscription(channel, schedule, created_by=by)
        self.subscriptions[channel] = new
        return new

    def unsubscribe(self, channel: Channel) -> bool:
        return self.subscriptions.pop(channel, None) is not None

    def set_paused(self, channel: Channel, paused: bool) -> Subscription | None:
        old = self.subscriptions.get(channel)
        if old is None:
            return None
        self.subscriptions[channel] = replace(old, paused=paused, reason="" if not paused else old.reason)
        return self.subscriptions[channel]

    def last_snapshot(self, channel: Channel) -> Snapshot | None:
        return self.snapshots.get(channel)

    def deliver_now(self, channel: Channel, slot: dt.datetime | None = None) -> Delivery:
        self.slots.append(slot)
        digest = compose(self.catalog, self.snapshots.get(channel), top_n=self.top_n, since=None)
        self.posts.append((channel, digest.answer.title))
        self.snapshots[channel] = digest.snapshot
        when = dt.datetime(2026, 4, 10, 7, 0, tzinfo=dt.UTC)
        self.subscriptions[channel] = replace(self.subscriptions[channel], last_delivery=when)
        return Delivery(True, "posted")


@pytest.fixture
def desk(catalog) -> MemoryDesk:
    return MemoryDesk(catalog, managers=("U-ALLOWED",))


@pytest.fixture
def run(catalog, desk, monkeypatch):
    monkeypatch.setattr(digest_command, "utcnow", lambda: dt.datetime(2026, 4, 9, 12, 0, tzinfo=dt.UTC))
    core = Core(catalog, digests=desk)

    def _run(line: str, channel: Channel = SLACK, manager: bool = True, user: str = "U1", **options):
        if options:
            return core.handle(Request("digest", options=options, user=user, channel=channel, can_manage=manager))
        return core.handle(Request.parse(line, user=user, channel=channel, can_manage=manager))

    return _run


def test_the_command_is_registered_for_blocking_manager_use(core):
    command = core.commands.get("digest")
    assert command.blocking and command.for_managers
    action, schedule = command.options
    assert action.kind == "choice" and action.required
    assert action.choices == ("subscribe", "unsubscribe", "pause", "resume", "list", "preview", "now")
    assert schedule.kind == "text" and len(schedule.description) <= 100 and len(command.summary) <= 100
    assert core.commands.names()[-1] == "help"


def test_subscribe_says_the_schedule_and_next_run_in_its_zone(run, desk):
    answer = run("/digest subscribe daily 09:00 Europe/Berlin")
    assert answer.ok and not answer.ephemeral  # the channel sees that it now gets digests
    assert answer.title == "This channel gets a digest every day at 09:00 (Europe/Berlin)"
    assert answer.lines[0] == "Next digest: Fri Apr 10, 2026 09:00 CEST."
    assert "first digest shows where things stand" in answer.lines[-1]
    assert desk.subscriptions[SLACK].schedule == Schedule("daily 09:00", "0 9 * * *", "Europe/Berlin")
    assert desk.subscriptions[SLACK].created_by == "U1"


def test_a_second_subscribe_replaces_the_schedule(run, desk):
    run("/digest subscribe daily 09:00")
    answer = run("/digest subscribe weekly mon 08:30 UTC")
    assert answer.title == "This channel gets a digest every Monday at 08:30 (UTC)"
    assert answer.lines[0] == "This replaces every day at 09:00 (Europe/Berlin)."
    assert len(desk.subscriptions) == 1


def test_discord_options_work_like_typed_text(run, desk):
    answer = run("", channel=DISCORD, action="subscribe", schedule="0 9 * * 1-5")
    assert answer.ok and answer.title == "This channel gets a digest cron '0 9 * * 1-5' (Europe/Berlin)"
    assert run("", channel=DISCORD, action="list").fields[0].value == "cron '0 9 * * 1-5' (Europe/Berlin)"


@pytest.mark.parametrize(
    ("schedule", "says"),
    [
        ("", "Give a schedule."),
        ("daily 25:00", "“25:00” is not a time of day"),
        ("daily 09:00 Nowhere/Land", "Unknown time zone “Nowhere/Land”"),
        ("@everyone", "“@everyone” is not a schedule"),
        ("<!channel>", "“<!channel>” is not a schedule"),
        ("0 0 31 * *", "The scheduler does not accept “0 0 31 * *”: this schedule never runs."),
    ],
)
def test_a_bad_schedule_gets_a_clear_error_with_examples_and_changes_nothing(run, desk, schedule, says):
    answer = run(f"/digest subscribe {schedule}")
    assert answer.status is Status.BAD_INPUT and answer.ephemeral
    assert says in answer.lines[0] and "Examples:" in answer.lines[0]
    assert answer.suggestions[0] == "/digest subscribe daily 09:00"
    assert not desk.subscriptions


def test_a_10kb_schedule_is_refused_before_it_is_parsed(run, desk):
    answer = run("/digest subscribe " + "9" * 10_000)
    assert answer.status is Status.BAD_INPUT and "at most 300 characters" in answer.lines[0]
    assert not desk.subscriptions


@pytest.mark.parametrize("action", ["subscribe daily 09:00", "unsubscribe", "pause", "resume", "now"])
@pytest.mark.parametrize(("channel", "who"), [(SLACK, "workspace admins and owners"), (DISCORD, "Manage Channels")])
def test_changes_are_for_managers_only(run, desk, action, channel, who):
    desk.subscriptions[channel] = Subscription(channel, Schedule("daily 09:00", "0 9 * * *", "UTC"))
    before = dict(desk.subscriptions)
    answer = run(f"/digest {action}", channel=channel, manager=False)
    assert answer.status is Status.BAD_INPUT and answer.ephemeral
    assert answer.title == "Only channel managers can change this channel's digests"
    assert who in answer.lines[0] and "DIGEST_MANAGERS" in answer.lines[1]
    assert desk.subscriptions == before and not desk.posts


def test_the_allow_list_lets_a_non_manager_change_things(run, desk):
    answer = run("/digest subscribe daily 09:00", manager=False, user="U-ALLOWED")
    assert answer.ok and SLACK in desk.subscriptions


def test_list_and_preview_are_open_to_everyone_and_only_to_the_asker(run, desk):
    run("/digest subscribe daily 09:00")
    for line in ("/digest list", "/digest preview"):
        answer = run(line, manager=False)
        assert answer.ok and answer.ephemeral, line


def test_list_shows_schedule_next_run_last_delivery_state_and_reason(run, desk):
    assert run("/digest list").title == "This channel has no digest subscription"
    run("/digest subscribe daily 09:00")
    fields = {f.name: f.value for f in run("/digest list").fields}
    assert fields["Schedule"] == "every day at 09:00 (Europe/Berlin)"
    assert fields["Next digest"] == "Fri Apr 10, 2026 09:00 CEST" and fields["Last digest"] == "none yet"
    assert fields["State"] == "active"
    desk.subscriptions[SLACK] = replace(desk.subscriptions[SLACK], paused=True, reason="channel_not_found (3 failures)")
    fields = {f.name: f.value for f in run("/digest list").fields}
    assert fields["State"] == "paused: channel_not_found (3 failures)"
    assert fields["Next digest"] == "none while paused"
    run("/digest resume")
    run("/digest now")
    assert {f.name: f.value for f in run("/digest list").fields}["Last digest"] == "Fri Apr 10, 2026 09:00 CEST"


def test_pause_resume_and_unsubscribe(run, desk):
    assert run("/digest pause").title == "This channel has no digest subscription"
    run("/digest subscribe daily 09:00")
    assert run("/digest pause").title == "Digests are paused for this channel" and desk.subscriptions[SLACK].paused
    answer = run("/digest subscribe daily 10:00")
    assert "Digests are paused here: /digest resume starts them again." in answer.lines
    desk.subscriptions[SLACK] = replace(desk.subscriptions[SLACK], reason="not_in_channel")
    answer = run("/digest resume")
    assert answer.title == "Digests are back on for this channel"
    assert answer.lines[0].startswith("Every day at 10:00 (Europe/Berlin). Next digest: ")
    assert not desk.subscriptions[SLACK].paused and desk.subscriptions[SLACK].reason == ""
    assert run("/digest unsubscribe").title == "This channel no longer gets digests"
    assert run("/digest unsubscribe").status is Status.NOT_FOUND


def test_preview_shows_what_the_channel_would_get_and_changes_nothing(run, desk):
    answer = run("/digest preview")
    assert answer.ephemeral and answer.title == "Preview: AI model race: where things stand"
    assert answer.lines[0] == "This channel has no subscription: this is what its first digest would show."
    assert len(answer.table.rows) == desk.top_n
    run("/digest subscribe daily 09:00")
    assert run("/digest now").title == "Posted this channel's digest"
    answer = run("/digest preview")
    assert answer.title == "Preview: No news in the AI model race since Fri Apr 10, 2026 07:00 UTC"
    assert answer.lines == ("Nothing changed since this channel's last digest.",)
    assert len(desk.posts) == 1


def test_now_needs_a_subscription_and_reports_what_happened(run, desk):
    assert run("/digest now").status is Status.NOT_FOUND and not desk.posts
    run("/digest subscribe daily 09:00")
    desk.deliver_now = lambda channel, slot: Delivery(False, "nothing new since the last digest")
    answer = run("/digest now")
    assert answer.title == "The digest was not posted" and answer.lines == ("Nothing new since the last digest",)


def test_now_delivers_the_slot_of_the_request_so_a_repeat_of_it_is_recognised(catalog, desk):
    core = Core(catalog, digests=desk)
    core.handle(Request.parse("/digest subscribe daily 09:00", channel=SLACK, can_manage=True))
    created = dt.datetime(2026, 4, 9, 12, 0, 0, 123000, tzinfo=dt.UTC)
    core.handle(Request.parse("/digest now", channel=SLACK, can_manage=True, created=created))
    core.handle(Request.parse("/digest now", channel=SLACK, can_manage=True))
    assert desk.slots == [created, None]

def test_console_and_cli_channels_cannot_subscribe(run, desk):
    for line in ("/digest subscribe daily 09:00", "/digest now"):
        answer = run(line, channel=Channel())
        assert answer.title == "Digests are for Slack and Discord channels" and answer.ephemeral
    assert run("/digest preview", channel=Channel()).ok
    assert not desk.subscriptions


def test_without_a_desk_digests_need_newsbot_run(core):
    answer = core.handle(Request.parse("/digest list", channel=SLACK))
    assert answer.title == "Digests need the running bot" and answer.ephemeral
    assert "newsbot run" in answer.lines[0]


@pytest.mark.parametrize("line", ["/digest", "/digest help"])
def test_usage(run, line):
    answer = run(line)
    assert answer.ok and answer.ephemeral and answer.lines[0].startswith("Usage: /digest subscribe <schedule>")


def test_an_unknown_subcommand_gets_the_usage(run):
    answer = run("/digest subscrbe daily 09:00")
    assert answer.status is Status.BAD_INPUT and answer.title == "Unknown /digest subcommand “subscrbe”"
    assert answer.lines[0].startswith("Usage: ")


def test_a_database_outage_is_an_answer_not_a_traceback(run, desk):
    desk.broken = True
    answer = run("/digest list")
    assert answer.status is Status.ERROR and "Nothing was changed" in answer.lines[0]


@settings(max_examples=150, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    text=st.one_of(
        st.sampled_from(["", "@everyone", "<!channel>", "subscribe @everyone", "subscribe <!here> 09:00",
                         "subscribe " + "x" * 10_000, "pause\x00", "subscribe daily 09:00 \u202e", "now now now"]),
        st.text(max_size=300),
        st.builds(lambda a, b: f"{a} {b}", st.sampled_from(["subscribe", "list", "preview", "now", "pause"]),
                  st.text(max_size=200)),
    ),
    manager=st.booleans(),
)
def test_any_text_gets_an_answer(run, text, manager):
    answer = run(f"/digest {text}", manager=manager)
    assert answer.title and answer.status is not Status.ERROR
    assert answer.ok or answer.ephemeral
    assert "Traceback" not in render_text(answer)
