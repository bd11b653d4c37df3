"""The Block Kit renderer: Slack's limits hold for any Answer, and all text is escaped."""

from __future__ import annotations

import re

from hypothesis import given, settings
from hypothesis import strategies as st
from slack_fakes import assert_within_limits, texts

from bot.core.answer import Answer, Field, Status, Table
from bot.render.slack import clip, escape, render_slack

ENTITY = re.compile(r"&(?!amp;|lt;|gt;)")


def rendered(answer: Answer) -> dict:
    message = render_slack(answer)
    return {"blocks": message.blocks, "text": message.text}


def big_answer(rows: int = 600, huge: int = 20_000) -> Answer:
    return Answer(
        title="T" * 500 + " <!channel>",
        lines=tuple(f"line {i} " + "word " * 200 for i in range(300)) + ("L" * huge,),
        table=Table(("#", "Model", "Score", "Note"),
                    tuple((str(i), f"Model {i} <@U{i}>", str(i * 1.5), "n" * (i % 7) * 900) for i in range(1, rows + 1))),
        fields=tuple(Field(f"F{i} " + "f" * 300, "v & <v> " * 1_000, inline=i % 2 == 0) for i in range(120)),
        notes=tuple("note " * 700 for _ in range(50)),
        footer=tuple(f"Source {i}: " + "s" * 4_000 for i in range(40)),
        suggestions=tuple(f"/rank thing {i}" for i in range(30)),
        page=2, pages=9,
    )


def test_a_huge_answer_stays_within_every_limit_with_a_visible_note() -> None:
    message = rendered(big_answer())
    assert_within_limits(message)
    assert len(message["blocks"]) == 50
    notes = [e["text"] for b in message["blocks"] if b["type"] == "context" for e in b["elements"]]
    shown = re.search(r"Showing \d+ of 301 lines, (\d+) of 600 rows, \d+ of 120 fields, \d+ of 50 notes;", " ".join(notes))
    assert shown is not None and 0 < int(shown.group(1)) < 600
    assert "Some long text was shortened (…)." in " ".join(notes)
    assert any(n.startswith("Page 2 of 9 · add “page 3” for more") for n in notes)
    assert message["blocks"][0]["text"]["text"].endswith("…")


def test_many_short_rows_are_packed_and_trimmed_with_a_count() -> None:
    table = Table(("#", "Model", "Score"), tuple((str(i), f"Model {i}", str(i)) for i in range(1, 5001)))
    message = rendered(Answer(title="Lots", table=table))
    assert_within_limits(message)
    rows = [line for line in texts(message["blocks"]).splitlines() if line.startswith("*")]
    notes = texts([b for b in message["blocks"] if b["type"] == "context"])
    assert f"Showing {len(rows)} of 5000 rows; the rest did not fit in one Slack message." in notes
    assert rows[0] == "*1.* Model 1 — Score: 1" and len(rows) > 1000


def test_a_small_answer_is_not_trimmed() -> None:
    answer = Answer(title="Small", table=Table(("Model", "Score"), (("A", "1"), ("B", "2"))), footer=("Source: x",))
    message = rendered(answer)
    assert_within_limits(message)
    assert "Showing" not in texts(message["blocks"])
    assert "*A* — Score: 1\n*B* — Score: 2" in texts(message["blocks"])


def test_fields_are_grouped_ten_to_a_section() -> None:
    answer = Answer(title="Fields", fields=tuple(Field(f"n{i}", f"v{i}") for i in range(25)))
    sections = [b for b in rendered(answer)["blocks"] if "fields" in b]
    assert [len(b["fields"]) for b in sections] == [10, 10, 5]
    assert sections[0]["fields"][0]["text"] == "*n0*\nv0"


def test_mentions_and_links_are_escaped_everywhere() -> None:
    hostile = "<!channel> <!here> <@U123> <https://evil.example|click> & done"
    answer = Answer(title=hostile, status=Status.NOT_FOUND, lines=(hostile,), table=Table(("A", "B"), ((hostile, hostile),)),
                    fields=(Field(hostile, hostile), Field(hostile, hostile, inline=False)), notes=(hostile,),
                    footer=(hostile,), suggestions=(hostile,), ephemeral=True)
    message = rendered(answer)
    assert_within_limits(message)
    everything = texts(message["blocks"]) + message["text"]
    assert "&lt;!channel&gt; &lt;!here&gt; &lt;@U123&gt; &lt;https://evil.example|click&gt; &amp; done" in everything
    assert not ENTITY.search(everything)


def test_clip_never_cuts_an_entity_in_half() -> None:
    text = escape("a" * 8 + "<<<<")
    for limit in range(2, len(text)):
        short = clip(text, limit)
        assert len(short) <= limit and short.endswith("…")
        assert not ENTITY.search(short)


@settings(max_examples=150, deadline=None)
@given(
    title=st.text(max_size=400),
    lines=st.lists(st.text(max_size=4_000), max_size=40),
    rows=st.lists(st.tuples(st.text(max_size=300), st.text(max_size=3_500)), max_size=300),
    fields=st.lists(st.tuples(st.text(max_size=200), st.text(max_size=5_000), st.booleans()), max_size=40),
    footer=st.lists(st.text(max_size=3_500), max_size=15),
)
def test_any_answer_renders_within_limits(title, lines, rows, fields, footer) -> None:
    answer = Answer(title=title, lines=tuple(lines), table=Table(("Name", "Value"), tuple(rows)) if rows else None,
                    fields=tuple(Field(n, v, i) for n, v, i in fields), footer=tuple(footer))
    message = rendered(answer)
    assert_within_limits(message)
    assert not ENTITY.search(texts(message["blocks"]) + message["text"])
