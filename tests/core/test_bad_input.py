"""Property-based: any argument to any command gives an Answer, never a traceback."""

from __future__ import annotations

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from bot.core import Answer, Request, Status
from bot.core.dispatch import MAX_RAW_INPUT
from bot.render.text import render_text

COMMANDS = ["rank", "compare", "timeline", "faq", "help"]
HOSTILE = [
    "", " ", "@everyone", "<!channel>", "<!here>", "<@U123>", "**bold** `code` [link](http://x)",
    "\u202egnp.exe", "\x00\x07\x1b[31m", "مرحبا بالعالم", "'; DROP TABLE models; --", "top top top 99999999999",
    "page 0", "page -1", "²", "top ²", "faq ³", "٣", "vs vs vs", ",,,", "a" * 5000, "x" * 100_000, "\n" * 1000, "🤖" * 300, "{{ 7*7 }}", "opus vs {x}", "{0} vs gpt", "%s %d vs %(x)s",
]
text = st.one_of(st.sampled_from(HOSTILE), st.text(max_size=400), st.text(max_size=50).map(lambda s: s * 20))


def check(answer: Answer) -> None:
    assert isinstance(answer, Answer)
    assert answer.status is not Status.ERROR, answer
    assert answer.title
    rendered = render_text(answer)
    assert "Traceback" not in rendered
    if not answer.ok:
        assert answer.ephemeral


@settings(max_examples=300, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(command=st.sampled_from(COMMANDS), argument=text, page=st.integers(min_value=-5, max_value=10**9))
def test_any_text_argument(core, command, argument, page):
    check(core.handle(Request(command, argument, page=page)))


@settings(max_examples=200, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(
    command=st.sampled_from(COMMANDS),
    options=st.dictionaries(st.sampled_from(["benchmark", "top", "a", "b", "filter", "question"]),
                            st.one_of(text, st.integers(min_value=-10**12, max_value=10**12)), max_size=3),
)
def test_any_structured_options(core, command, options):
    check(core.handle(Request(command, options=options)))


@settings(max_examples=100, suppress_health_check=[HealthCheck.function_scoped_fixture], deadline=None)
@given(name=st.text(max_size=200))
def test_any_command_name(core, name):
    answer = core.handle(Request(name, "x"))
    assert answer.title and (answer.ok or answer.ephemeral)


def test_huge_argument_is_refused_clearly(core):
    answer = core.handle(Request("faq", "x" * MAX_RAW_INPUT * 2))
    assert answer.status is Status.BAD_INPUT
    assert "at most 300 characters" in answer.lines[0]


def test_echo_is_shortened_and_stripped_of_controls(core):
    answer = core.handle(Request("rank", "\u202e@everyone\x00" + "z" * 250))
    assert "\u202e" not in answer.title and "\x00" not in answer.title
    assert len(answer.title) < 100


def test_tabs_and_line_breaks_separate_words_control_characters_vanish():
    from bot.core.text import clean

    assert clean("daily\t09:00\nEurope/Berlin\r\n\u202e\x00x") == "daily 09:00 Europe/Berlin x"
