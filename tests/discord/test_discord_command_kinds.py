"""Commands as the registry marks them: 'choice' options become Discord choices, commands for managers
get Manage Channels as their default member permission, and blocking commands are answered in a worker
thread while the deferral goes out in time."""

from __future__ import annotations

import threading
from collections.abc import Iterator

import discord
import pytest
from conftest import CONTENT, StartBot, Tuning, interact
from fakediscord import FakeDiscord, slash, with_permissions

from bot.adapters.discord.commands import build
from bot.content.loader import load_catalog
from bot.core import Answer, Core, Request
from bot.core.commands import default_registry
from bot.core.registry import Command, Context, Option, Registry
from bot.runtime.service import Service

ACTIONS = ("subscribe", "unsubscribe", "pause", "resume", "list", "preview", "now")
MANAGE = discord.Permissions(view_channel=True, send_messages=True, manage_channels=True).value
QUICK = Tuning(defer_after=0.2, page_timeout=60.0, guild_ready_timeout=0.05)


@pytest.fixture
def gate() -> Iterator[threading.Event]:
    """Holds /tune until set (always set at the end, so no worker thread is left waiting)."""
    event = threading.Event()
    yield event
    event.set()


def registry(gate: threading.Event) -> Registry:
    """The core's commands plus test-only ones: /tune (blocking, for managers, a choice) and /peek (blocking)."""

    def tune(context: Context, request: Request) -> Answer:
        if request.options.get("action") == "list":
            assert gate.wait(10)
        options = " ".join(f"{key}={value}" for key, value in sorted(request.options.items()))
        return Answer(title=f"{options} manager={request.can_manage}", lines=(threading.current_thread().name,))

    def peek(context: Context, request: Request) -> Answer:
        return Answer(title="only you see this", ephemeral=True)

    commands = default_registry()
    options = (Option("action", "What to do", kind="choice", required=True, choices=ACTIONS),
               Option("schedule", "When, e.g. daily 09:00"))
    commands.add(Command("tune", "Tune it.", "/tune action [schedule]", (), options, tune,
                         blocking=True, for_managers=True))
    commands.add(Command("peek", "Peek at it.", "/peek", (), (), peek, blocking=True))
    return commands


@pytest.fixture
async def tuned(start_bot: StartBot, fake: FakeDiscord, gate: threading.Event) -> dict:
    """A bot with the test commands; returns the synced command payloads by name."""
    await start_bot(tuning=QUICK, with_service=Service(Core(load_catalog(CONTENT), registry(gate))))
    return {c["name"]: c for c in fake.sync_calls()[-1].body}


async def test_choices_and_default_permissions_are_in_the_payload(tuned: dict) -> None:
    action, schedule = tuned["tune"]["options"]
    assert action["name"] == "action" and action["type"] == 3 and action["required"] is True
    assert action["choices"] == [{"name": choice, "value": choice} for choice in ACTIONS]
    assert not action.get("autocomplete") and "choices" not in schedule
    assert tuned["tune"]["default_member_permissions"] == discord.Permissions(manage_channels=True).value == 16
    assert tuned["peek"]["default_member_permissions"] is None
    assert tuned["rank"]["default_member_permissions"] is None


async def test_a_chosen_value_and_the_right_to_manage_reach_the_core(tuned: dict, fake: FakeDiscord) -> None:
    payload = with_permissions(slash("tune", action="subscribe", schedule="daily 09:00"), MANAGE)
    body = await interact(fake, payload)
    assert body["type"] == 4  # answered within defer_after: no deferral
    embed = body["data"]["embeds"][0]
    assert embed["title"] == "action=subscribe schedule=daily 09:00 manager=True"
    assert embed["description"] != "MainThread"  # a blocking command runs in a worker thread
    body = await interact(fake, slash("tune", action="pause"))
    assert body["data"]["embeds"][0]["title"] == "action=pause manager=False"


async def test_a_slow_blocking_command_is_deferred_in_time_then_followed_up(
    tuned: dict, fake: FakeDiscord, gate: threading.Event
) -> None:
    payload = slash("tune", action="list")
    body = await interact(fake, payload)
    assert body["type"] == 5  # deferred while the handler was still waiting: the loop stayed free
    gate.set()
    followup = await fake.wait_for(lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
    assert followup.body["embeds"][0]["title"] == "action=list manager=False"


async def test_a_quick_ephemeral_answer_from_a_blocking_command_stays_ephemeral(tuned: dict, fake: FakeDiscord) -> None:
    body = await interact(fake, slash("peek"))
    assert body["type"] == 4 and body["data"]["flags"] == 64


def test_a_choice_option_needs_1_to_25_choices() -> None:
    for choices in ((), tuple(f"c{n}" for n in range(26))):
        command = Command("bad", "Bad.", "/bad", (), (Option("pick", "Pick", kind="choice", choices=choices),),
                          lambda context, request: Answer(title="bad"))
        with pytest.raises(ValueError, match="1 to 25 choices"):
            build(command, None, None)  # type: ignore[arg-type]
