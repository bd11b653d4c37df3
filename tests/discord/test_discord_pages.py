"""Page buttons, reconnects, and deferral of slow work, through the real component and gateway paths."""

from __future__ import annotations

import asyncio
import time
from typing import Any

import pytest
from conftest import CONTENT, StartBot, Threaded, Tuning, interact
from fakediscord import OTHER_USER_ID, FakeDiscord, button, slash

from bot.content.loader import load_catalog
from bot.core import Answer, Core
from bot.core.commands import default_registry
from bot.core.registry import Command
from bot.runtime.service import Service

EPHEMERAL = 64


def buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in data.get("components", []) for c in row["components"]]


def page_line(data: dict[str, Any]) -> str:
    return data["embeds"][-1]["footer"]["text"].splitlines()[-1]


async def ranked_pages(fake: FakeDiscord, start_bot: StartBot, big_content, **tuning: float) -> tuple[dict, dict]:
    """Start a bot on 45 models and run /rank on them: (interaction payload, callback data)."""
    await start_bot(with_service=Service(Core(load_catalog(big_content))), tuning=Tuning(guild_ready_timeout=0.05, **tuning))
    payload = slash("rank", benchmark="b0")
    body = await interact(fake, payload)
    return payload, body["data"]


def message_of(fake: FakeDiscord, payload: dict) -> dict:
    return fake.messages[fake.originals[payload["token"]]]


async def test_next_and_previous_turn_pages_with_edges_disabled(fake: FakeDiscord, start_bot: StartBot, big_content) -> None:
    payload, data = await ranked_pages(fake, start_bot, big_content)
    assert page_line(data) == "Page 1 of 3"
    previous, following = buttons(data)
    assert (previous["label"], previous.get("disabled")) == ("Previous", True)
    assert (following["label"], following.get("disabled", False)) == ("Next", False)
    first_rows = data["embeds"][0]["description"]

    body = await interact(fake, button(message_of(fake, payload), following["custom_id"]))
    assert body["type"] == 7  # UPDATE_MESSAGE: the same message shows page 2
    assert page_line(body["data"]) == "Page 2 of 3"
    assert body["data"]["embeds"][0]["description"] != first_rows
    assert "\n21 " in body["data"]["embeds"][0]["description"]
    assert [b.get("disabled", False) for b in buttons(body["data"])] == [False, False]

    body = await interact(fake, button(message_of(fake, payload), following["custom_id"]))
    assert page_line(body["data"]) == "Page 3 of 3"
    assert [b.get("disabled", False) for b in buttons(body["data"])] == [False, True]

    body = await interact(fake, button(message_of(fake, payload), previous["custom_id"]))
    assert page_line(body["data"]) == "Page 2 of 3"


async def test_only_the_asker_turns_pages(fake: FakeDiscord, start_bot: StartBot, big_content) -> None:
    payload, data = await ranked_pages(fake, start_bot, big_content)
    following = buttons(data)[1]
    body = await interact(fake, button(message_of(fake, payload), following["custom_id"], user_id=OTHER_USER_ID))
    assert body["type"] == 4 and body["data"]["flags"] == EPHEMERAL
    assert "Only the person who ran this command" in body["data"]["content"]
    assert not [c for c in fake.calls if c.method == "PATCH"]  # the asker's message is untouched
    body = await interact(fake, button(message_of(fake, payload), following["custom_id"]))
    assert page_line(body["data"]) == "Page 2 of 3"


async def test_buttons_are_removed_when_the_view_times_out(fake: FakeDiscord, start_bot: StartBot, big_content) -> None:
    payload, _ = await ranked_pages(fake, start_bot, big_content, page_timeout=0.3)
    edit = await fake.wait_for(lambda c: c.method == "PATCH" and c.path.endswith("/messages/@original"), timeout=5)
    assert payload["token"] in edit.path
    assert edit.body["components"] == []


async def test_reconnect_resumes_and_keeps_live_pages(fake: FakeDiscord, start_bot: StartBot, big_content) -> None:
    payload, data = await ranked_pages(fake, start_bot, big_content)
    await fake.ask_reconnect()
    deadline = time.monotonic() + 5
    while fake.resumes == 0 and time.monotonic() < deadline:
        await asyncio.sleep(0.01)
    assert fake.resumes == 1 and fake.identifies == 1
    body = await interact(fake, button(message_of(fake, payload), buttons(data)[1]["custom_id"]))
    assert page_line(body["data"]) == "Page 2 of 3"
    body = await interact(fake, slash("help"))
    assert body["data"]["embeds"][0]["title"].startswith("newsbot")


@pytest.mark.parametrize("ephemeral", [False, True])
async def test_slow_work_is_deferred_then_followed_up(fake: FakeDiscord, start_bot: StartBot, ephemeral: bool) -> None:
    def slow(context, request) -> Answer:
        time.sleep(0.4)  # runs in a worker thread: the event loop stays free to defer
        return Answer(title="done slowly", ephemeral=ephemeral)

    registry = default_registry()
    registry.add(Command("slow", "Takes its time.", "/slow", ("/slow",), (), slow))
    service = Threaded(Core(load_catalog(CONTENT), registry))
    await start_bot(with_service=service, tuning=Tuning(defer_after=0.05, guild_ready_timeout=0.05))
    payload = slash("slow")
    body = await interact(fake, payload)
    assert body["type"] == 5  # DEFERRED_CHANNEL_MESSAGE_WITH_SOURCE, long before 3 s
    followup = await fake.wait_for(lambda c: c.method == "POST" and c.path.endswith(payload["token"]))
    assert followup.body["embeds"][0]["title"] == "done slowly"
    assert followup.body["allowed_mentions"] == {"parse": []}
    deleted = [c for c in fake.calls if c.method == "DELETE" and payload["token"] in c.path]
    if ephemeral:
        assert followup.body["flags"] == EPHEMERAL and len(deleted) == 1
    else:
        assert not followup.body.get("flags") and not deleted
