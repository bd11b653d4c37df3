"""/ask figures: latency on the shipped content (with the article's passages) and on the large catalog (with
a 2,000-sentence source text), each beside /rank on the same core as a baseline; loading and indexing the
shipped content; the labelled set's precision and recall; and the whole-process `newsbot ask`.

Run: .venv/bin/python -m bench.bench_ask [--runs N]
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from bench.large_catalog import write_large_catalog
from bench.stats import report, timed
from bot.content.loader import load_catalog
from bot.core import Core, Request
from bot.core.dispatch import prepare
from bot.runtime.reload import settle_heap

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [
    "when was muse spark released", "how many parameters does muse spark have",
    "which model is best at healthbench hard", "is muse spark better than gpt-5.4",
    "how many users does muse spark have", "what happened in april 2026", "who is alexander wang",
    "when were the layoffs", "what is the weather today", "gemni score on healthbench",
    "hey so does muse spark handle tool calls lol", "what does feynman do",
    "is contemplating mode available to everyone?",
    "did meta lay off 20,000 people?", "who's 2nd on the intelligence index", "what happened on the 8th of april",
    "what is axios", "how many physicians trained it", "where does muse spark struggle",
]
LARGE = [
    "what does model 7 score on benchmark 3", "which model is best at benchmark 42", "model 1 vs model 2",
    "when was model 500 released", "how many parameters does model 7 have", "what happened in may 2024",
    "what about kilo lima mike", "is model 12 open source", "what is the weather today",
    "how many alpha bravo agents does it run", "is the charlie delta of model 9 open to everyone?",
    "when did org 7 release model 507 golf", "what is model 3 delta",
]


def lines(title: str, core: Core, questions: list[str], runs: int, target: str) -> None:
    print(f"\n{title}")
    rank = Request("rank", "")
    report("  /rank (baseline)", timed(lambda: core.handle(rank), runs))
    worst = 0.0
    for question in questions:
        request = Request("ask", question)
        _, p99 = report(f"  /ask {question[:38]}", timed(lambda: core.handle(request), runs), target=target)
        worst = max(worst, p99)
    print(f"  worst p99 {worst:.3f} ms (target {target})")


def loading() -> None:
    """Loading, validating and indexing the shipped content (text split into passages, the /ask lexicon)."""
    samples = []
    for _ in range(10):
        started = time.perf_counter()
        prepare(load_catalog(ROOT / "content"))
        samples.append(time.perf_counter() - started)
    report("load + validate + index the shipped content", samples, target="< 1 s")


def labelled(core: Core) -> None:
    sys.path.insert(0, str(ROOT))
    from tests.core.test_ask_eval import evaluate

    scores = evaluate(core.catalog)
    print(f"\nlabelled set: {scores.answerable} answerable, {scores.unanswerable} to decline")
    print(f"  precision (right / answered)       {scores.precision:.3f}")
    print(f"  wrong answers                      {len(scores.wrong)}")
    print(f"  recall (answered right / answerable) {scores.recall:.3f}")
    for item in scores.wrong:
        print(f"  wrong: {item}")


def first_question(directory: str) -> None:
    catalog = load_catalog(directory)
    core = Core(catalog)
    started = time.perf_counter()
    core.handle(Request("ask", "what is the weather"))
    print(f"  first /ask on a new catalog (builds its index) {1000 * (time.perf_counter() - started):.1f} ms")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="timed calls per question")
    parser.add_argument("--process-runs", type=int, default=10, help="timed runs of newsbot ask")
    args = parser.parse_args()
    loading()
    shipped = Core(prepare(load_catalog(ROOT / "content")))
    settle_heap()  # as `newsbot run` does after loading: no full collection rescans the catalog mid-answer
    lines(f"shipped content ({len(shipped.catalog.passages)} sentences of text)", shipped, SHIPPED, args.runs,
          "p99 <= 5 ms")
    labelled(shipped)
    with tempfile.TemporaryDirectory() as directory:
        write_large_catalog(directory)
        print("\nlarge catalog: 1,000 models, 100 benchmarks, 10,000 events, 2,000 FAQ, 2,000 sentences of text")
        first_question(directory)
        large = Core(prepare(load_catalog(directory)))
        settle_heap()
        lines("large catalog", large, LARGE, max(50, args.runs // 5), "p99 <= 30 ms")
    question = [sys.executable, "-m", "bot.cli", "ask", "/ask how many parameters does muse spark have"]
    bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), args.process_runs, warmup=2)
    ask = timed(lambda: subprocess.run(question, cwd=ROOT, check=False, stdout=subprocess.DEVNULL),
                args.process_runs, warmup=2)
    print(f"\nwhole process, {args.process_runs} runs each")
    report("  python -c pass (baseline)", bare)
    report("  newsbot ask '/ask how many parameters …'", ask, target="< 300 ms")


if __name__ == "__main__":
    main()
