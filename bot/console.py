"""The interactive console: type the same slash commands chat users do."""

from __future__ import annotations

import sys
from typing import TextIO

from bot.content.catalog import Catalog
from bot.core import Core, Request
from bot.render.text import render_text

PROMPT = "newsbot> "
GREETING = "newsbot console. Type /help, /rank, /compare A vs B, /timeline or /faq. Ctrl-D or /quit leaves."


def run_console(catalog: Catalog, stdin: TextIO | None = None, stdout: TextIO | None = None) -> int:
    """Read commands line by line until end of input or /quit; print each answer."""
    stdin = stdin or sys.stdin
    stdout = stdout or sys.stdout
    core = Core(catalog)
    interactive = stdin.isatty()
    print(GREETING, file=stdout)
    while True:
        if interactive:
            stdout.write(PROMPT)
            stdout.flush()
        line = stdin.readline()
        if not line:
            return 0
        line = line.strip()
        if not line:
            continue
        if line in ("/quit", "/exit", "quit", "exit"):
            return 0
        if not line.startswith("/"):
            line = "/" + line
        print(render_text(core.handle(Request.parse(line, user="console", where="console"))), file=stdout)
        print(file=stdout)
