"""Blocking commands: an empty ack at once, the answer afterwards through response_url (HTTP and Socket
Mode), computed in a worker thread; the role lookup after the ack; failures, refusals, drain and stop."""

from __future__ import annotations

import asyncio
import logging
import threading
from collections.abc import AsyncIterator, Iterator

import pytest
from slack_fakes import (
    APP_TOKEN, FakeSlack, HttpSlack, command_payload, form, make_config, make_service, start_http, stop_http, texts,
)

from bot.adapters.slack import SlackPlatform
from bot.core import Answer, Request
from bot.core.commands import default_registry
from bot.core.registry import Command, Context, Option, Registry
from bot.runtime.service import Service

ACTIONS = ("subscribe", "list")


class Gate(threading.Event):
    """Holds blocking handlers until set; `entered` is set once one is waiting."""

    def __init__(self) -> None:
        super().__init__()
        self.entered = threading.Event()

    def hold(self) -> None:
        self.entered.set()
        assert self.wait(10)


@pytest.fixture
def gate() -> Iterator[Gate]:
    """Always set at the end, so no worker thread is left waiting."""
    event = Gate()
    yield event
    event.set()


def registry(gate: Gate) -> Registry:
    """The core's commands plus test-only blocking ones: /tune (for managers) and /peek (for anyone)."""

    def tune(context: Context, request: Request) -> Answer:
        gate.hold()
        return Answer(title=f"tuned {request.text} can_manage={request.can_manage}",
                      lines=(threading.current_thread().name,))

    def peek(context: Context, request: Request) -> Answer:
        if request.text == "broken":
            return Answer(title="broken", lines=(None,))  # type: ignore[arg-type]  # breaks the renderer
        return Answer(title="only you see this", ephemeral=True)

    commands = default_registry()
    options = (Option("action", "What to do", kind="choice", choices=ACTIONS), Option("schedule", "When"))
    commands.add(Command("tune", "Tune it.", "/tune action [schedule]", (), options, tune,
                         blocking=True, for_managers=True))
    commands.add(Command("peek", "Peek at it.", "/peek", (), (), peek, blocking=True))
    return commands


@pytest.fixture
def service(gate: Gate) -> Service:
    return make_service(registry(gate))


@pytest.fixture
async def slack(fake: FakeSlack, service: Service) -> AsyncIterator[HttpSlack]:
    started = await start_http(make_config(fake), service)
    yield started
    await stop_http(started)


async def responded(fake: FakeSlack) -> dict:
    return await asyncio.wait_for(fake.responses.get(), 5)


async def test_acked_empty_at_once_then_answered_through_response_url(
    slack: HttpSlack, fake: FakeSlack, gate: Gate
) -> None:
    fake.users["U0ADMIN"] = {"is_admin": True}
    status, body = await slack.post(form("/tune", "subscribe daily 09:00", fake, user_id="U0ADMIN"))
    assert (status, body) == (200, "")  # the ack, while the handler is still waiting
    assert fake.responded == [] and len(slack.platform.replies.pending) == 1
    gate.set()
    reply = await responded(fake)
    assert reply["response_type"] == "in_channel"
    shown = texts(reply["blocks"])
    assert "tuned subscribe daily 09:00 can_manage=True" in shown
    assert "MainThread" not in shown  # computed in a worker thread, off the event loop
    assert fake.calls == ["auth.test", "users.info"]


async def test_ephemeral_answers_stay_ephemeral_and_members_do_not_manage(
    slack: HttpSlack, fake: FakeSlack, gate: Gate
) -> None:
    gate.set()
    assert await slack.post(form("/peek", "", fake)) == (200, "")
    assert (await responded(fake))["response_type"] == "ephemeral"
    assert await slack.post(form("/tune", "list", fake)) == (200, "")
    assert "can_manage=False" in texts((await responded(fake))["blocks"])


async def test_socket_mode_acks_the_envelope_empty_then_responds(
    fake: FakeSlack, service: Service, gate: Gate
) -> None:
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), service)
    await platform.start()
    await platform.listen()
    try:
        ws = await asyncio.wait_for(fake.sockets.get(), 5)
        await ws.send_json({"envelope_id": "env-t", "type": "slash_commands", "accepts_response_payload": True,
                            "payload": command_payload("/tune", "list", fake)})
        ack = await asyncio.wait_for(fake.acks.get(), 5)
        assert ack["envelope_id"] == "env-t" and not ack.get("payload") and fake.responded == []
        gate.set()
        assert "tuned list" in texts((await responded(fake))["blocks"])
    finally:
        await platform.stop()


async def test_the_role_lookup_comes_after_the_ack(slack: HttpSlack, fake: FakeSlack, gate: Gate) -> None:
    fake.silent.add("users.info")
    slack.platform.managers.timeout = 0.3
    gate.set()
    loop = asyncio.get_running_loop()
    started = loop.time()
    assert await slack.post(form("/tune", "list", fake)) == (200, "")
    assert loop.time() - started < 0.3
    assert "can_manage=False" in texts((await responded(fake))["blocks"])


async def test_a_failure_is_told_through_response_url_and_logged(
    slack: HttpSlack, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    assert await slack.post(form("/peek", "broken", fake)) == (200, "")
    reply = await responded(fake)
    assert reply["response_type"] == "ephemeral" and reply["text"].startswith("Something went wrong.")
    assert "slack command failed command=/peek workspace=T0TEST channel=C0GENERAL" in caplog.text


async def test_a_refused_response_url_is_one_warning(
    slack: HttpSlack, fake: FakeSlack, caplog: pytest.LogCaptureFixture
) -> None:
    fake.respond_status = 404
    assert await slack.post(form("/peek", "", fake)) == (200, "")
    await responded(fake)
    async with asyncio.timeout(5):
        while slack.platform.replies.pending:
            await asyncio.sleep(0.01)
    (warning,) = [r for r in caplog.records if "respond() refused" in r.getMessage()]
    assert warning.levelno == logging.WARNING and "HTTP 404" in warning.getMessage()


async def test_an_answer_on_its_way_holds_a_graceful_shutdown(
    slack: HttpSlack, fake: FakeSlack, service: Service, gate: Gate
) -> None:
    assert await slack.post(form("/tune", "list", fake)) == (200, "")
    assert await asyncio.to_thread(gate.entered.wait, 5)
    drain = asyncio.create_task(service.drain(5))
    await asyncio.sleep(0.1)
    assert not drain.done()
    gate.set()
    assert await drain is True
    assert "tuned list" in texts(fake.responded[0]["blocks"])


async def test_stop_cancels_answers_still_on_their_way(fake: FakeSlack, service: Service, caplog) -> None:
    slack = await start_http(make_config(fake), service)
    assert await slack.post(form("/tune", "list", fake)) == (200, "")
    await stop_http(slack)
    assert not slack.platform.replies.pending and fake.responded == []
    assert not [r for r in caplog.records if r.levelno >= logging.WARNING]
