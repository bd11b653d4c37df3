"""The console adapter: commands from the registry, requests with the console's Channel."""

from __future__ import annotations

import io
import logging
import os
import pty
import threading

from bot.adapters.console import answer_line, run_console_async
from bot.core import Channel, Core
from bot.runtime.service import Service
from tests.console.terminal import PROMPT, read_until


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


def test_reading_a_silent_terminal_gives_up_at_its_deadline():
    """The helper the terminal tests use returns what it saw when nothing more comes, rather than block
    in os.read for ever (a console that hangs fails its test instead of hanging the suite)."""
    controller, terminal = pty.openpty()
    reading: list[bytes] = []
    reader = threading.Thread(target=lambda: reading.append(read_until(controller, PROMPT, timeout=0.05)), daemon=True)
    try:
        os.write(terminal, b"no prompt here")
        reader.start()
        reader.join(30)  # far beyond the deadline: only a read that ignores it is still running
        assert not reader.is_alive()
        assert reading == [b"no prompt here"]
    finally:
        os.close(terminal)  # ends a read still blocked on it (EIO), so no thread outlives the test
        if reader.ident is not None:
            reader.join()
        os.close(controller)
