"""The interactive console: type the same slash commands chat users do."""

from __future__ import annotations

import asyncio
import shutil
import sys
import threading
from collections.abc import Callable
from typing import TextIO

from bot.adapters.base import Application
from bot.core import Channel, Request
from bot.render.text import render_text

PROMPT = "newsbot> "
QUIT = {"/quit", "/exit", "quit", "exit"}
CONSOLE = Channel(platform="console")


def greeting(app: Application) -> str:
    """The first line: every command the core offers, and how to leave."""
    return f"newsbot console. Type {', '.join('/' + c.name for c in app.commands())}. Ctrl-D or /quit leaves."


def _terminal_line() -> str:
    """One line from the terminal, with line editing and history (↑ recalls earlier commands)."""
    import readline  # noqa: F401 - importing it is what gives input() editing and history

    return input(PROMPT) + "\n"


def _reader(read: Callable[[], str], turn: threading.Event, put: Callable[[str | None], None]) -> None:
    """Read lines in a daemon thread (a blocked read never holds up shutdown); '' means the end.

    It waits for `turn` before each read, so a prompt never lands in the middle of an answer."""
    try:
        while turn.wait() and (line := read()):
            turn.clear()
            put(line)
    except (EOFError, OSError, ValueError, KeyboardInterrupt):  # Ctrl-D, or the terminal went away
        pass
    finally:
        put(None)


def terminal_width(stdout: TextIO) -> int | None:
    """The terminal's width now (it may have been resized), or None when output goes to a pipe or file,
    which is left unwrapped."""
    try:
        return shutil.get_terminal_size().columns if stdout.isatty() else None
    except (AttributeError, ValueError):  # a closed or unusual stream
        return None


async def answer_line(app: Application, line: str, width: int | None = None) -> str | None:
    """The rendered answer to one typed line (wrapped to `width` columns when given), or None for a blank
    line."""
    line = line.strip()
    if not line:
        return None
    if not line.startswith("/"):
        line = "/" + line
    request = Request.parse(line, user="console", channel=CONSOLE, can_manage=True)
    return render_text(await app.answer(request), width)


async def run_console_async(app: Application, stdin: TextIO | None = None, stdout: TextIO | None = None) -> None:
    """Answer commands from `stdin` until end of input or /quit."""
    stdin, stdout = stdin or sys.stdin, stdout or sys.stdout
    loop = asyncio.get_running_loop()
    queue: asyncio.Queue[str | None] = asyncio.Queue()
    turn = threading.Event()
    read = _terminal_line if stdin is sys.stdin and stdin.isatty() else stdin.readline
    put = lambda line: loop.call_soon_threadsafe(queue.put_nowait, line)  # noqa: E731
    threading.Thread(target=_reader, args=(read, turn, put), daemon=True).start()
    print(greeting(app), file=stdout, flush=True)
    while True:
        turn.set()
        line = await queue.get()
        if line is None or line.strip() in QUIT:
            return
        rendered = await answer_line(app, line, terminal_width(stdout))
        if rendered is not None:
            print(rendered + "\n", file=stdout, flush=True)
