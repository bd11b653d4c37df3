"""A top-N cut never splits a tie: /rank, its chart, the digest's headline top N and /ask's "top N"."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys

import pytest

from bot.content.loader import load_catalog
from bot.core import Core, Request
from bot.core.digest_compose import compose
from bot.render.chart import figure
from bot.render.discord import render
from bot.render.slack import render_slack
from bot.render.text import render_text
from tests.conftest import CONTENT
from tests.render.test_chart import said

TIED_AT_1 = ["Gemini 3.1 Pro", "GPT-5.4"]  # both score 57 on the headline benchmark


def models(answer) -> list[str]:
    return [row[1] for row in answer.table.rows]


@pytest.fixture(scope="module")
def tied_at_3(tmp_path_factory) -> Core:
    """The shipped content with Muse Spark raised to 53 on the headline benchmark: it ties Claude Opus 4.6 at #3."""
    content = tmp_path_factory.mktemp("tie") / "content"
    shutil.copytree(CONTENT, content)
    path = content / "benchmarks.yaml"
    text = path.read_text()
    assert "{model: muse-spark, value: 52," in text
    path.write_text(text.replace("{model: muse-spark, value: 52,", "{model: muse-spark, value: 53,", 1))
    return Core(load_catalog(content))


def test_rank_top_1_shows_both_models_tied_at_57_and_says_so(ask):
    answer = ask("/rank aa index top 1")
    assert models(answer) == TIED_AT_1
    assert [row[0] for row in answer.table.rows] == ["1", "1"]
    assert answer.title == "Artificial Analysis Intelligence Index, top 1 (2 tied at #1): higher is better"


def test_every_platform_shows_the_tie(core):
    answer = core.handle(Request("rank", options={"benchmark": "intelligence index", "top": 1}))  # as Discord sends it
    slack = json.dumps(render_slack(answer).blocks)
    discord = json.dumps([embed.to_dict() for embed in render(answer)])
    for shown in (render_text(answer), slack, discord):
        assert "top 1 (2 tied at #1)" in shown and all(name in shown for name in TIED_AT_1)


def test_the_chart_has_a_bar_for_each_and_says_so(core):
    chart = core.handle(Request.parse("/rank top 1 chart", pictures="upload")).chart
    assert [bar.label for bar in chart.bars] == TIED_AT_1 and [bar.place for bar in chart.bars] == [1, 1]
    assert chart.direction == "higher is better · top 1 (2 tied at #1)"
    assert "Higher is better · top 1 (2 tied at #1)" in said(figure(chart))


def test_a_tie_below_the_first_place(tied_at_3):
    answer = tied_at_3.handle(Request.parse("/rank top 3"))
    assert models(answer) == [*TIED_AT_1, "Claude Opus 4.6", "Muse Spark"]
    assert "top 3 (2 tied at #3)" in answer.title
    answer = tied_at_3.handle(Request.parse("/rank top 2"))  # the cut falls inside the tie at #1: nothing to add
    assert models(answer) == TIED_AT_1 and answer.title.startswith("Artificial Analysis Intelligence Index, top 2:")


def test_a_cut_that_splits_nothing_says_only_top_n(ask):
    assert ask("/rank top 3").title == "Artificial Analysis Intelligence Index, top 3: higher is better"
    assert ask("/rank top 10").title == "Artificial Analysis Intelligence Index: higher is better"  # all 5 shown


def test_the_digest_headline_top_n_keeps_the_tie(catalog, tied_at_3):
    answer = compose(catalog, None, top_n=1, since=None, chart=True).answer
    assert models(answer) == TIED_AT_1
    assert "Artificial Analysis Intelligence Index, top 1 (2 tied at #1) (higher is better):" in answer.lines
    assert [bar.label for bar in answer.chart.bars] == TIED_AT_1
    assert len(compose(tied_at_3.catalog, None, top_n=3, since=None).answer.table.rows) == 4


def test_digest_preview_with_digest_top_n_1(tmp_path):
    env = {"DIGEST_TOP_N": "1", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite", "CONTENT_DIR": str(CONTENT)}
    result = subprocess.run([sys.executable, "-m", "bot.cli", "digest", "preview"], capture_output=True, text=True,
                            env={"PATH": "/usr/bin:/bin", **env}, timeout=60)
    assert result.returncode == 0, result.stderr
    assert "top 1 (2 tied at #1)" in result.stdout and all(name in result.stdout for name in TIED_AT_1)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        ("/ask what are the top 1 models on the aa index", "The top 1 (2 tied at #1) of 5 on Artificial Analysis "
         "Intelligence Index (higher is better): #1 Gemini 3.1 Pro (57), #1 GPT-5.4 (57)."),
        ("/ask the top 3 models", "The top 3 of 5 on Artificial Analysis Intelligence Index (higher is better): "
         "#1 Gemini 3.1 Pro (57), #1 GPT-5.4 (57), #3 Claude Opus 4.6 (53)."),
        ("/ask which are the top 2 on output tokens", "The top 2 of 3 on Intelligence Index output tokens (lower is "
         "better): #1 Muse Spark (58 M tokens), #2 GPT-5.4 (120 M tokens)."),
    ],
)
def test_ask_top_n_keeps_the_tie(ask, question, expected):
    answer = ask(question)
    assert answer.ok and answer.title == expected
    top = question.split(" top ")[1].split()[0]
    assert answer.lines[-1].startswith("From: /rank ") and answer.lines[-1].endswith(f" top {top}")
