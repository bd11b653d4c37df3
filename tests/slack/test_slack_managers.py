"""Commands for managers: users.info says whether the asker is a workspace admin or owner (cached per user),
and any failure means "not a manager", logged, never an error. Other commands never ask."""

from __future__ import annotations

import logging
import socket
from collections.abc import AsyncIterator

import pytest
from slack_fakes import BOT_TOKEN, FakeSlack, HttpSlack, form, make_config, make_service, start_http, stop_http, texts

from bot.adapters.slack.app import web_client
from bot.adapters.slack.auth import SlackToken
from bot.adapters.slack.managers import CACHE_SECONDS, Managers
from bot.core import Answer, Request
from bot.core.commands import default_registry
from bot.core.registry import Command, Context, Registry


def may_i(context: Context, request: Request) -> Answer:
    return Answer(title=f"can_manage={request.can_manage}")


def registry() -> Registry:
    """The core's commands plus a test-only command for managers, answered in the ack."""
    commands = default_registry()
    commands.add(Command("mayi", "May I manage this channel?", "/mayi", ("/mayi",), (), may_i, for_managers=True))
    return commands


@pytest.fixture
async def slack(fake: FakeSlack) -> AsyncIterator[HttpSlack]:
    started = await start_http(make_config(fake), make_service(registry()))
    yield started
    await stop_http(started)


async def ask(slack: HttpSlack, fake: FakeSlack, user: str) -> str:
    status, message = await slack.post(form("/mayi", "", fake, user_id=user))
    assert status == 200 and isinstance(message, dict)
    return texts(message["blocks"])


@pytest.mark.parametrize(
    ("flags", "manager"),
    [({"is_admin": True}, True), ({"is_owner": True}, True), ({"is_primary_owner": True, "is_owner": True}, True),
     ({}, False), ({"is_admin": False, "is_restricted": True}, False)],
)
async def test_admins_and_owners_manage_members_do_not(slack: HttpSlack, fake: FakeSlack, flags, manager) -> None:
    fake.users["U0ASKER"] = flags
    assert await ask(slack, fake, "U0ASKER") == f"can_manage={manager}"
    assert fake.calls == ["auth.test", "users.info"] and fake.tokens[-1] == BOT_TOKEN


async def test_the_answer_is_cached_per_user(slack: HttpSlack, fake: FakeSlack) -> None:
    fake.users["U0ADMIN"] = {"is_admin": True}
    for _ in range(3):
        assert await ask(slack, fake, "U0ADMIN") == "can_manage=True"
    assert await ask(slack, fake, "U0MEMBER") == "can_manage=False"
    assert fake.calls.count("users.info") == 2


async def test_other_commands_never_ask(slack: HttpSlack, fake: FakeSlack) -> None:
    for command in ("/rank", "/help", "/nope"):
        status, _ = await slack.post(form(command, "", fake))
        assert status == 200
    assert fake.calls == ["auth.test"]


async def test_a_cached_answer_expires_after_a_few_minutes(fake: FakeSlack) -> None:
    now = [0.0]
    managers = Managers(web_client(make_config(fake)), SlackToken("SLACK_BOT_TOKEN", BOT_TOKEN), clock=lambda: now[0])
    fake.users["U1"] = {"is_admin": True}
    assert await managers("T0TEST", "U1") is True
    fake.users["U1"] = {}  # demoted
    now[0] += CACHE_SECONDS - 1
    assert await managers("T0TEST", "U1") is True
    now[0] += 2
    assert await managers("T0TEST", "U1") is False
    assert fake.calls.count("users.info") == 2


@pytest.mark.parametrize(
    ("failure", "logged"),
    [("missing_scope", "slack_error=missing_scope for user U0ASKER: the app needs the users:read scope"),
     ("user_not_found", "slack_error=user_not_found for user U0ASKER; not treated as a manager"),
     ("silent", "users.info failed (TimeoutError) for user U0ASKER"),
     ("ratelimited", "slack_error=ratelimited")],
)
async def test_a_failure_means_not_a_manager_and_is_not_cached(
    slack: HttpSlack, fake: FakeSlack, caplog: pytest.LogCaptureFixture, failure: str, logged: str
) -> None:
    fake.users["U0ASKER"] = {"is_admin": True}
    slack.platform.managers.timeout = 0.2
    if failure == "silent":
        fake.silent.add("users.info")
    elif failure == "ratelimited":
        fake.limited["users.info"] = "30"
    else:
        fake.errors["users.info"] = failure
    assert await ask(slack, fake, "U0ASKER") == "can_manage=False"
    (warning,) = [r for r in caplog.records if r.name == "newsbot.slack" and "users.info" in r.getMessage()]
    assert warning.levelno == logging.WARNING and logged in warning.getMessage()
    assert not [r for r in caplog.records if r.levelno >= logging.ERROR]
    fake.silent.clear(), fake.limited.clear(), fake.errors.clear()
    assert await ask(slack, fake, "U0ASKER") == "can_manage=True"  # asked again once Slack answers


async def test_slack_unreachable_means_not_a_manager(fake: FakeSlack, caplog: pytest.LogCaptureFixture) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    managers = Managers(web_client(make_config(fake, api_url=f"http://127.0.0.1:{port}/api")),
                        SlackToken("SLACK_BOT_TOKEN", BOT_TOKEN))
    assert await managers("T0TEST", "U1") is False
    assert "users.info failed (" in caplog.text and BOT_TOKEN not in caplog.text
