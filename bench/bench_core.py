"""Core figures: per-command latency on the shipped and the large catalog, loading the large catalog,
and the whole-process time of `newsbot ask` against a bare `python -c pass` in the same run.

Run: .venv/bin/python -m bench.bench_core [--runs N]
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

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = [
    "/rank", "/rank healthbench hard top 3", "/rank muse spark", "/compare muse spark vs gpt-5.4",
    "/compare gpt 5.4 claude opus 4.6", "/timeline", "/timeline april 2026", "/faq",
    "/faq is muse spark open sourse", "/faq what is the weather", "/help", "/rank nonsense",
]
LARGE = [
    "/rank", "/rank benchmark 42 top 10", "/rank model 500", "/compare model 1 vs model 2", "/timeline",
    "/timeline 2024-05", "/timeline alpha bravo", "/timeline model 7", "/faq", "/faq what about kilo lima mike",
    "/help", "/rank nonsense",
]
ASK_CHECK = (
    "import sys; from bot.cli import main; main(['ask', '/rank']); "
    "heavy = [m for m in ('discord', 'slack_bolt', 'slack_sdk', 'aiohttp', 'apscheduler', 'sqlalchemy') if m in sys.modules]; "
    "print('platform libraries imported by ask:', heavy or 'none', file=sys.stderr)"
)


def commands(title: str, core: Core, lines: list[str], runs: int, target: str) -> None:
    print(f"\n{title}")
    worst = 0.0
    for line in lines:
        request = Request.parse(line)
        _, p99 = report(f"  {line}", timed(lambda: core.handle(request), runs), target=target)
        worst = max(worst, p99)
    print(f"  worst p99 {worst:.3f} ms (target {target})")


def whole_process(runs: int) -> None:
    print(f"\nwhole process, {runs} runs each")
    bare = timed(lambda: subprocess.run([sys.executable, "-c", "pass"], check=True), runs, warmup=2)
    ask = timed(lambda: subprocess.run([sys.executable, "-m", "bot.cli", "ask", "/rank"], cwd=ROOT, check=True,
                                       stdout=subprocess.DEVNULL), runs, warmup=2)
    bare_p50, _ = report("  python -c pass (baseline)", bare)
    ask_p50, _ = report("  newsbot ask /rank", ask, target="< 300 ms")
    print(f"  ratio ask/bare python p50: {ask_p50 / bare_p50:.1f}x")
    subprocess.run([sys.executable, "-c", ASK_CHECK], cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1000, help="timed calls per command")
    parser.add_argument("--process-runs", type=int, default=20, help="timed runs of newsbot ask")
    args = parser.parse_args()
    shipped = Core(load_catalog(ROOT / "content"))
    commands("shipped content (7 models, 8 benchmarks, 18 scores)", shipped, SHIPPED, args.runs, "p99 <= 1 ms")
    with tempfile.TemporaryDirectory() as directory:
        write_large_catalog(directory)
        print("\nlarge catalog: 1,000 models, 100 benchmarks x 1,000 scores, 10,000 events, 2,000 FAQ")
        loads = []
        for _ in range(3):
            started = time.perf_counter()
            large = Core(load_catalog(directory))
            loads.append(time.perf_counter() - started)
        report("  load + validate + index", loads, target="< 1 s")
        commands("large catalog, per command", large, LARGE, max(50, args.runs // 5), "p99 <= 10 ms")
    whole_process(args.process_runs)


if __name__ == "__main__":
    main()
