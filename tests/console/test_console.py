"""The console adapter: commands from the registry, requests with the console's Channel."""

from __future__ import annotations

import io
import logging

from bot.adapters.console import answer_line, run_console_async
from bot.core import Channel, Core
from bot.runtime.service import Service


async def test_greeting_lists_every_registered_command(core: Core):
    service = Service(core)
    stdout = io.StringIO()
    await run_console_async(service, io.StringIO("/quit\n"), stdout)
    greeting = stdout.getvalue().splitlines()[0]
    assert [f"/{command.name}" for command in service.commands()] == [
        word.strip(",.") for word in greeting.split() if word.startswith("/") and word.strip(",.") != "/quit"
    ]


async def test_console_requests_carry_the_console_channel(core: Core, caplog):
    service = Service(core)
    caplog.set_level(logging.INFO, logger="newsbot.commands")
    rendered = await answer_line(service, "rank hle")
    assert rendered is not None and "Humanity's Last Exam" in rendered
    line = next(r for r in caplog.records if r.name == "newsbot.commands")
    assert line.platform == "console" and line.where == str(Channel(platform="console")) == "console"
    assert service.metrics.commands.labels("rank", "console", "ok")._value.get() == 1
    assert await answer_line(service, "   ") is None
