"""Console answers fit the terminal: tables and prose wrap at word boundaries to its width; output to a
pipe (`newsbot ask | grep`) is not wrapped at all."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path

import pytest

from bot.core import Core, Request
from bot.render.text import render_text
from tests.conftest import ROOT

WIDE = ("/timeline", "/compare muse spark vs gpt-5.4", "/rank", "/faq")
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def words(text: str) -> Counter[str]:
    """The words of `text`, leaving out rules (----, ====)."""
    return Counter(word for word in text.split() if set(word) - set("-="))


@pytest.mark.parametrize("width", [100, 80])
@pytest.mark.parametrize("line", WIDE)
def test_answers_fit_the_width_and_keep_every_word_whole(core: Core, line: str, width: int):
    answer = core.handle(Request.parse(line))
    unwrapped, wrapped = render_text(answer), render_text(answer, width)
    assert max(len(row) for row in wrapped.splitlines()) <= width
    assert words(wrapped) == words(unwrapped)


@pytest.mark.parametrize("width", [60, 40])
@pytest.mark.parametrize("line", WIDE)
def test_a_narrow_terminal_still_gets_every_line_within_it(core: Core, line: str, width: int):
    """Five columns of long words cannot all stay whole in 40 columns: a word longer than its column
    breaks there, and the line still fits."""
    wrapped = render_text(core.handle(Request.parse(line)), width)
    assert max(len(row) for row in wrapped.splitlines()) <= width


def test_without_a_width_nothing_is_wrapped(core: Core):
    text = render_text(core.handle(Request.parse("/timeline")))
    assert max(len(row) for row in text.splitlines()) > 200  # one event per line, for grep


def test_the_console_on_a_terminal_wraps_to_its_width(tmp_path: Path):
    import pty

    controller, terminal = pty.openpty()
    process = subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, stdin=terminal, stdout=terminal, stderr=subprocess.DEVNULL,
        env={**os.environ, "PORT": "0", "COLUMNS": "60", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"},
        start_new_session=True,
    )
    os.close(terminal)
    try:
        seen = b""
        deadline = time.monotonic() + 30
        while b"newsbot>" not in seen and time.monotonic() < deadline:
            seen += os.read(controller, 4096)
        os.write(controller, b"/timeline\n")
        answer = b""
        while answer.count(b"newsbot>") < 1 and time.monotonic() < deadline:
            answer += os.read(controller, 65536)
        os.write(controller, b"/quit\n")
        assert process.wait(timeout=15) == 0
    finally:
        process.kill()
        os.close(controller)
    shown = ESCAPE.sub("", answer.decode()).replace("\r", "")
    assert "Superintelligence" in shown and "Muse Spark launches" in shown
    assert max(len(row) for row in shown.splitlines()) <= 60
