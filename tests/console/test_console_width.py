"""Console answers fit the terminal: tables and prose wrap at word boundaries to its width; output to a
pipe (`newsbot ask | grep`) is not wrapped at all."""

from __future__ import annotations

import os
import re
from collections import Counter
from pathlib import Path

import pytest

from bot.core import Core, Request
from bot.render.text import render_text
from tests.console.terminal import PROMPT, console_on_a_terminal, read_until

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
    with console_on_a_terminal({"COLUMNS": "60", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"}) as (bot, terminal):
        os.write(terminal, b"/timeline\n")
        answer = read_until(terminal, PROMPT)
        os.write(terminal, b"/quit\n")
        assert bot.wait(timeout=15) == 0
    shown = ESCAPE.sub("", answer.decode()).replace("\r", "")
    assert "Superintelligence" in shown and "Muse Spark launches" in shown
    assert max(len(row) for row in shown.splitlines()) <= 60
