"""The interactive console: type the same slash commands chat users do."""

from __future__ import annotations

import asyncio
import sys
import threading
from typing import TextIO

from bot.core import Request
from bot.render.text import render_text
from bot.runtime.service import Service

PROMPT = "newsbot> "
GREETING = "newsbot console. Type /help, /rank, /compare A vs B, /timeline or /faq. Ctrl-D or /quit leaves."
QUIT = {"/quit", "/exit", "quit", "exit"}


def _reader(stream: TextIO, loop: asyncio.AbstractEventLoop, queue: asyncio.Queue[str | None]) -> None:
    """Read lines in a daemon thread (a blocked read never holds up shutdown)."""
    try:
        for line in iter(stream.readline, ""):
            loop.call_soon_threadsafe(queue.put_nowait, line)
    except (OSError, ValueError):  # the terminal went away
        pass
    finally:
        loop.call_soon_threadsafe(queue.put_nowait, None)


def answer_line(service: Service, line: str) -> str | None:
    """The rendered answer to one typed line, or None for a blank line."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("/"):
        line = "/" + line
    request = Request.parse(line, user="console", where="console", platform="console")
    return render_text(service.answer(request))


async def run_console_async(service: Service, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
    """Answer commands from `stdin` until end of input or /quit."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    threading.Thread(target=_reader, args=(stdin, asyncio.get_running_loop(), queue), daemon=True).start()
    interactive = stdin.isatty()
    print(GREETING, file=stdout, flush=True)
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = await queue.get()
        if line is None or line.strip() in QUIT:
            return
        rendered = answer_line(service, line)
        if rendered is not None:
            print(rendered + "\n", file=stdout, flush=True)
