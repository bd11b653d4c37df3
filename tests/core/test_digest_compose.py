"""Digest composition on real catalogs edited between two snapshots: what changed, with its sources."""

from __future__ import annotations

import datetime as dt
import json
import shutil
import warnings
from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core.digest_compose import MAX_ITEMS, compose, snapshot
from bot.render.slack import render_slack
from bot.render.text import render_text
from tests.conftest import CONTENT

with warnings.catch_warnings():  # discord.py imports audioop, deprecated since Python 3.11
    warnings.filterwarnings("ignore", category=DeprecationWarning, message=".*audioop.*")
    from bot.render.discord import render as render_discord


@pytest.fixture
def content(tmp_path: Path) -> Path:
    """A private copy of the shipped content, to edit."""
    return Path(shutil.copytree(CONTENT, tmp_path / "content"))


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path.name}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def add_source(content: Path) -> None:
    with (content / "sources.yaml").open("a", encoding="utf-8") as out:
        out.write('  - id: test-update\n    title: "Test leaderboard update"\n    published: 2026-04-10\n')


def text_of(catalog: Catalog, previous) -> tuple[str, bool]:
    digest = compose(catalog, previous, top_n=5, since=None)
    return render_text(digest.answer), digest.news


def test_first_digest_is_the_current_state_not_history(catalog):
    digest = compose(catalog, None, top_n=3, since=None)
    answer = digest.answer
    assert digest.news and answer.ok and not answer.ephemeral
    assert answer.title == "AI model race: where things stand"
    assert "7 models, 8 benchmarks, 18 scores, 5 events, 5 FAQ entries, 1 source" in answer.lines[0]
    assert [row[1] for row in answer.table.rows] == ["Gemini 3.1 Pro", "GPT-5.4", "Claude Opus 4.6"]
    assert [row[0] for row in answer.table.rows] == ["1", "1", "3"]  # ties share a place, as in /rank
    assert answer.footer[0] == "Source: Meta Muse Spark launch article (published 2026-04-08) · as of 2026-04-08"
    text = render_text(answer)
    assert "Muse Spark launches" not in text  # no event flood


def test_nothing_new_means_no_news(catalog):
    first = compose(catalog, None, top_n=5, since=None)
    stored = json.loads(json.dumps(first.snapshot))  # the runtime keeps it as JSON
    digest = compose(catalog, stored, top_n=5, since=None)
    assert not digest.news
    assert digest.answer.title == "No news in the AI model race since the last digest"
    assert digest.snapshot == first.snapshot


def test_a_score_change_shows_old_to_new_and_the_rank_move(content):
    before = snapshot(load_catalog(content))
    add_source(content)
    edit(
        content / "benchmarks.yaml",
        "{model: claude-sonnet-4.6, value: 1648, source: muse-spark-article, as_of: 2026-04-08}",
        "{model: claude-sonnet-4.6, value: 1701, source: test-update, as_of: 2026-04-10}",
    )
    since = dt.datetime(2026, 4, 9, 9, 0, tzinfo=dt.UTC)
    digest = compose(load_catalog(content), before, top_n=5, since=since)
    answer = digest.answer
    assert digest.news
    assert answer.title == "AI model race: what changed since Thu Apr 9, 2026 09:00 UTC"
    lines = list(answer.lines)
    assert lines[0] == "Rank moves:"
    # two sources cited, so each line names its own
    assert lines[1] == ("• Claude Sonnet 4.6 takes #1 on GDPval with 1,701 Elo (was #2) "
                        "(Test leaderboard update, as of 2026-04-10)")
    assert lines[2] == ("• GPT-5.4 moves #1 → #2 on GDPval (1,676 Elo) "
                        "(Meta Muse Spark launch article, as of 2026-04-08)")
    assert lines[3] == "New and changed scores:"
    assert lines[4] == ("• Claude Sonnet 4.6 on GDPval: 1,648 Elo → 1,701 Elo (Test leaderboard update, as of "
                        "2026-04-10; before: Meta Muse Spark launch article, as of 2026-04-08)")
    assert "Source: Test leaderboard update (published 2026-04-10) · as of 2026-04-10" in answer.footer
    assert answer.table is not None  # the headline top N comes too
    # the next digest from this one's snapshot has nothing new
    assert not compose(load_catalog(content), digest.snapshot, top_n=5, since=since).news


def test_a_new_model_at_the_top_and_one_below(content):
    before = snapshot(load_catalog(content))
    edit(
        content / "benchmarks.yaml",
        "      - {model: muse-spark, value: 1427, source: muse-spark-article, as_of: 2026-04-08}\n",
        "      - {model: muse-spark, value: 1427, source: muse-spark-article, as_of: 2026-04-08}\n"
        "      - {model: grok-4.2, value: 1700, source: muse-spark-article, as_of: 2026-04-08}\n"
        "      - {model: gemini-3.1-pro, value: 1500, source: muse-spark-article, as_of: 2026-04-08}\n",
    )
    text, news = text_of(load_catalog(content), before)
    assert news
    assert "• Grok 4.2 takes #1 on GDPval with 1,700 Elo (new) (as of 2026-04-08)" in text  # one source: not named
    assert "• GPT-5.4 moves #1 → #2 on GDPval (1,676 Elo) (as of 2026-04-08)" in text
    assert "• New: Gemini 3.1 Pro on GDPval: 1,500 Elo (#4) (as of 2026-04-08)" in text
    assert "Gemini 3.1 Pro takes" not in text and "Gemini 3.1 Pro moves" not in text


def test_a_tie_for_first(content):
    before = snapshot(load_catalog(content))
    sonnet = "{model: claude-sonnet-4.6, value: "
    edit(content / "benchmarks.yaml", sonnet + "1648,", sonnet + "1676,")
    text, _ = text_of(load_catalog(content), before)
    assert "• Claude Sonnet 4.6 ties for #1 on GDPval with 1,676 Elo (was #2)" in text


def test_a_new_event_and_a_new_faq_entry(content):
    before = snapshot(load_catalog(content))
    with (content / "timeline.yaml").open("a", encoding="utf-8") as out:
        out.write('  - id: test-event\n    date: 2026-04-10\n    title: "A test event"\n'
                  "    entities: [meta]\n    source: muse-spark-article\n")
    with (content / "faq.yaml").open("a", encoding="utf-8") as out:
        out.write('  - id: test-question\n    question: "Is this a test question?"\n    answer: "Yes."\n'
                  "    source: muse-spark-article\n")
    catalog = load_catalog(content)
    digest = compose(catalog, before, top_n=5, since=None)
    assert digest.news
    assert digest.answer.lines[:4] == (
        "New events:",
        "• Apr 10, 2026: A test event",
        "New FAQ entries:",
        "• Is this a test question? (/faq 6)",
    )
    assert "Rank moves:" not in digest.answer.lines
    assert digest.answer.footer[0].startswith("Source: Meta Muse Spark launch article")


def test_a_mode_keeps_its_own_score(content):
    before = snapshot(load_catalog(content))
    edit(content / "benchmarks.yaml", "{model: muse-spark, value: 58, mode: Contemplating,",
         "{model: muse-spark, value: 59.5, mode: Contemplating,")
    text, _ = text_of(load_catalog(content), before)
    assert "• Muse Spark (Contemplating mode) on Humanity's Last Exam: 58% → 59.5% (as of 2026-04-08)" in text


def test_long_digests_are_trimmed_with_and_n_more(catalog):
    before = snapshot(catalog)
    before["rankings"] = {  # every score 'changed', no place
        bench: [[model, mode, value + 1, cite] for model, mode, value, cite in rows]
        for bench, rows in before["rankings"].items()
    }
    digest = compose(catalog, before, top_n=5, since=None)
    lines = digest.answer.lines
    start = lines.index("New and changed scores:")
    shown = [line for line in lines[start + 1 :] if line.startswith("• ")]
    assert len(shown) == MAX_ITEMS
    assert lines[start + 1 + MAX_ITEMS] == f"…and {18 - MAX_ITEMS} more scores"


def test_a_huge_change_fits_one_message_on_every_platform(large_core):
    catalog = large_core.catalog
    empty = {"format": 1, "version": "", "as_of": "", "rankings": {b: [] for b in catalog.benchmarks},
             "cites": [], "events": [], "faq": []}
    digest = compose(catalog, empty, top_n=25, since=None)
    assert digest.news
    assert sum(len(line) + 1 for line in digest.answer.lines) < 4500
    assert any(line.startswith("…and ") and line.endswith(" more events") for line in digest.answer.lines)
    embeds = render_discord(digest.answer)
    assert sum(len(e) for e in embeds) <= 6000 and "Showing" not in (embeds[-1].footer.text or "")
    assert len(render_slack(digest.answer).blocks) <= 50
    json.dumps(digest.snapshot)  # JSON-ready


@pytest.mark.parametrize(
    "previous",
    [
        {}, "junk", {"format": 99}, {"format": 1, "rankings": 5},
        {"format": 1, "rankings": {"hle": [["m", "", 1, 7]]}, "cites": [], "events": [], "faq": []},
        {"format": 1, "rankings": {"hle": [["m", "", 1, 0]]}, "cites": [["s", "not a date"]], "events": [], "faq": []},
    ],
)
def test_an_unreadable_snapshot_gets_a_first_digest(catalog, previous):
    digest = compose(catalog, previous, top_n=5, since=None)
    assert digest.news and digest.answer.title == "AI model race: where things stand"


def test_a_restated_score_cites_both_dates(content):
    before = snapshot(load_catalog(content))
    edit(content / "benchmarks.yaml", "{model: muse-spark, value: 1427, source: muse-spark-article, as_of: 2026-04-08}",
         "{model: muse-spark, value: 1430, source: muse-spark-article, as_of: 2026-04-12}")
    text, _ = text_of(load_catalog(content), before)
    assert "• Muse Spark on GDPval: 1,427 Elo → 1,430 Elo (as of 2026-04-12; before: as of 2026-04-08)" in text
    assert "as of 2026-04-08, 2026-04-12" in text  # the footer has both dates of the one source


def test_a_digest_carries_the_headline_chart_when_asked(catalog: Catalog) -> None:
    first = compose(catalog, None, top_n=3, since=None, chart=True)
    chart = first.answer.chart
    assert chart is not None and chart.kind == "ranking" and chart.title == catalog.benchmarks[catalog.headline].name
    assert [bar.label for bar in chart.bars] == [row[1] for row in first.answer.table.rows]
    assert compose(catalog, None, top_n=3, since=None).answer.chart is None  # DIGEST_CHART off: text only
    unchanged = compose(catalog, first.snapshot, top_n=3, since=None, chart=True)
    assert not unchanged.news and unchanged.answer.chart is None  # 'no news' carries no leaderboard
