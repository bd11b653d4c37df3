"""The embed renderer over huge and hostile Answers: every Discord limit holds, nothing is dropped silently."""

from __future__ import annotations

import discord
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.core import Answer, Field, Status, Table
from bot.render.discord import render


def check_limits(embeds: list[discord.Embed]) -> int:
    """Assert every per-embed and per-message limit; return the message's total characters."""
    assert 1 <= len(embeds) <= 10
    total = 0
    for embed in embeds:
        data = embed.to_dict()
        assert len(data.get("title", "")) <= 256
        assert len(data.get("description", "")) <= 4096
        assert len(data.get("fields", [])) <= 25
        for field in data.get("fields", []):
            assert 1 <= len(field["name"]) <= 256 and 1 <= len(field["value"]) <= 1024
        assert len(data.get("footer", {}).get("text", "")) <= 2048
        total += len(embed)  # discord.py's Embed.__len__ counts what Discord counts
    assert total <= 6000
    return total


def huge_answer() -> Answer:
    return Answer(
        title="T" * 1000,
        lines=tuple(f"line {i} " + "word " * 300 for i in range(40)) + ("x" * 5000,),
        table=Table(("#", "Model", "Score"), tuple((str(i), f"Model {i}", str(i)) for i in range(500))),
        fields=tuple(Field("F" * 400, "v" * 3000) for _ in range(60)),
        notes=tuple("note " * 100 for _ in range(30)),
        footer=tuple("Source: s" * 100 for _ in range(10)),
        suggestions=("/rank " + "y" * 500,) * 5,
        page=2,
        pages=9,
    )


def test_a_huge_answer_fits_with_a_visible_note() -> None:
    embeds = render(huge_answer())
    assert check_limits(embeds) > 5000  # the room is used, not wasted
    footer = embeds[-1].footer.text or ""
    assert "Showing " in footer and " parts; the rest did not fit" in footer
    assert "Page 2 of 9" in footer
    assert embeds[0].title and embeds[0].title.endswith("…") and len(embeds[0].title) == 256


def test_many_fields_spill_into_more_embeds() -> None:
    embeds = render(Answer(title="many", fields=tuple(Field(f"f{i}", "v") for i in range(60))))
    assert [len(e.fields) for e in embeds] == [25, 25, 10]
    check_limits(embeds)


def test_a_wide_table_becomes_fields_and_a_narrow_one_a_code_block() -> None:
    narrow = render(Answer(title="r", table=Table(("#", "Model"), (("1", "GPT-5.4"),))))
    assert narrow[0].description and narrow[0].description.startswith("```\n#")
    wide = render(Answer(title="t", table=Table(("Date", "Event"), (("Jan 2026", "e" * 90),))))
    assert wide[0].fields[0].name == "Jan 2026" and "e" * 90 in wide[0].fields[0].value


def test_markdown_is_escaped_and_code_cannot_be_closed() -> None:
    embeds = render(Answer(title="No model called “**x**”", lines=("_a_ `b`",), suggestions=("/rank `x`",),
                           table=Table(("A",), (("```@everyone",),))))
    assert embeds[0].title == "No model called “\\*\\*x\\*\\*”"
    assert embeds[0].description and embeds[0].description.startswith("\\_a\\_ \\`b\\`")
    assert embeds[0].description.count("```") == 2
    assert embeds[0].fields[-1].value == "`/rank ˋxˋ`"


def test_errors_are_red_and_small_answers_fit_in_one_embed() -> None:
    embeds = render(Answer(title="Oops", status=Status.ERROR, lines=("bad",), ephemeral=True))
    assert len(embeds) == 1 and embeds[0].colour == discord.Colour.red()


text = st.text(alphabet=st.characters(codec="utf-8", exclude_categories=("Cs",)), max_size=3000)


@settings(max_examples=60, deadline=None)
@given(
    title=text,
    lines=st.lists(text, max_size=12),
    fields=st.lists(st.tuples(text, text, st.booleans()), max_size=40),
    notes=st.lists(text, max_size=8),
    footer=st.lists(text, max_size=4),
    rows=st.lists(st.tuples(text, text), max_size=60),
    suggestions=st.lists(text, max_size=4),
)
def test_any_answer_fits(title, lines, fields, notes, footer, rows, suggestions) -> None:
    answer = Answer(
        title=title,
        lines=tuple(lines),
        table=Table(("Name", "Value"), tuple(rows)) if rows else None,
        fields=tuple(Field(*f) for f in fields),
        notes=tuple(notes),
        footer=tuple(footer),
        suggestions=tuple(suggestions),
        pages=3,
    )
    check_limits(render(answer))
