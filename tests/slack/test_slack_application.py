"""The adapter needs nothing but the Application protocol: requests carry a structured Channel, answers,
work and small state go through the protocol's methods, in HTTP and Socket Mode alike; whether it is up,
it says itself (connected, logged_in: the runtime asks)."""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager

from slack_fakes import APP_TOKEN, FakeSlack, form, make_config, start_http, stop_http, texts
from test_slack_socket_mode import send_command

from bot.adapters.slack import SlackPlatform
from bot.core import Answer, Channel, Request
from bot.core.chart import Chart
from bot.core.registry import Command
from bot.runtime.service import Service

GENERAL = Channel(platform="slack", workspace="T0TEST", channel="C0GENERAL", thread="")


class ProtocolOnly:
    """bot.adapters.base.Application and nothing else (no core, metrics or store), recording what it is told."""

    def __init__(self, service: Service) -> None:
        self._service = service
        self.requests: list[tuple[Request, dict[str, str]]] = []

    def commands(self) -> Sequence[Command]:
        return self._service.commands()

    async def answer(self, request: Request, **context: str) -> Answer:
        self.requests.append((request, context))
        return await self._service.answer(request, **context)

    async def picture(self, chart: Chart) -> bytes | None:
        return await self._service.picture(chart)

    def complete(self, kind: str, text: str, limit: int) -> list[tuple[str, str]]:
        return self._service.complete(kind, text, limit)

    def work(self) -> AbstractAsyncContextManager[None]:
        return self._service.work()

    async def recall(self, key: str) -> str | None:
        return None

    async def remember(self, key: str, value: str) -> None:
        return None


async def test_http_mode_hands_the_application_a_request_with_its_channel(fake: FakeSlack, service) -> None:
    app = ProtocolOnly(service)
    slack = await start_http(make_config(fake), service, app)
    try:
        status, message = await slack.post(form("/rank", "gdpval top 2", fake))
        await slack.platform.post(GENERAL, Answer(title="Digest"))
    finally:
        await stop_http(slack)
    assert status == 200 and message["response_type"] == "in_channel"
    [(request, context)] = app.requests
    assert request == Request(command="rank", text="gdpval top 2", user="U0ASKER", channel=GENERAL, can_manage=False,
                               pictures="upload")  # Slack shows a chart as a file of its own
    assert request.platform == "slack" and str(request.channel) == "T0TEST/C0GENERAL"
    assert context == {"workspace": "T0TEST", "channel_name": "general"}
    assert fake.posts[0]["channel"] == "C0GENERAL"


async def test_socket_mode_hands_the_application_the_same_request(fake: FakeSlack, service) -> None:
    app = ProtocolOnly(service)
    platform = SlackPlatform(make_config(fake, app_token=APP_TOKEN, signing_secret=None), app)
    await platform.start()
    await platform.listen()
    try:
        ws = await asyncio.wait_for(fake.sockets.get(), 5)
        payload = await send_command(fake, ws, "env-channel", "/compare", "muse spark vs gpt-5.4")
    finally:
        await platform.stop()
    assert "GPT-5.4" in texts(payload["blocks"])
    [(request, _)] = app.requests
    assert request == Request(command="compare", text="muse spark vs gpt-5.4", user="U0ASKER", channel=GENERAL,
                               pictures="upload")
    assert not platform.connected() and not platform.logged_in()


async def test_a_refused_token_is_reported_down_at_start(fake: FakeSlack, service) -> None:
    fake.errors["auth.test"] = "invalid_auth"
    app = ProtocolOnly(service)
    slack = await start_http(make_config(fake), service, app)
    try:
        assert not slack.platform.connected() and not slack.platform.logged_in()
    finally:
        await stop_http(slack)


async def test_every_command_the_application_offers_is_answered_and_others_too(fake: FakeSlack, service) -> None:
    app = ProtocolOnly(service)
    slack = await start_http(make_config(fake), service, app)
    try:
        for command in [*app.commands(), None]:
            name = f"/{command.name}" if command else "/nope"
            status, _ = await slack.post(form(name, "", fake))
            assert status == 200
            if command and command.blocking:  # answered after the ack, through response_url
                await asyncio.wait_for(fake.responses.get(), 5)
    finally:
        await stop_http(slack)
    assert [request.command for request, _ in app.requests] == [c.name for c in app.commands()] + ["nope"]
