"""`newsbot run` with its console on a pseudo-terminal, as a person at a terminal has it."""

from __future__ import annotations

import os
import pty
import select
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager

from tests.conftest import ROOT

PROMPT = b"newsbot>"


def read_until(controller: int, marker: bytes, timeout: float = 30.0) -> bytes:
    """What the terminal shows up to and including `marker` (or all until `timeout`, or until the process
    closed the terminal, for the caller's assert). Waits in select, so the deadline holds when nothing comes."""
    seen = b""
    deadline = time.monotonic() + timeout
    while marker not in seen:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([controller], [], [], left)[0]:
            break
        try:
            chunk = os.read(controller, 65536)
        except OSError:  # EIO: no process holds the terminal any more
            break
        if not chunk:
            break
        seen += chunk
    return seen


@contextmanager
def console_on_a_terminal(env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], int]]:
    """The process and the terminal's controller end, once the first prompt was shown; killed afterwards."""
    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, stdin=terminal, stdout=terminal, stderr=subprocess.DEVNULL,
        env={**os.environ, "PORT": "0", **env}, start_new_session=True,
    )
    os.close(terminal)
    try:
        assert PROMPT in read_until(controller, PROMPT)
        yield process, controller
    finally:
        process.kill()
        os.close(controller)
