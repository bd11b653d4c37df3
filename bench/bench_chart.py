"""Chart figures: PNG render time of /rank and /compare charts after warm-up, the cached path through
Pictures, the first chart of a fresh process (importing matplotlib + first draw, and the memory it adds),
and what building the Chart adds to the core's answer ('/rank' against '/rank chart').

Run: .venv/bin/python -m bench.bench_chart [--runs N]
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import subprocess
import sys
import tempfile
from pathlib import Path

from bench.large_catalog import write_large_catalog
from bench.stats import percentiles, report, timed
from bot.content.loader import load_catalog
from bot.core import Core, Request
from bot.core.chart import Chart
from bot.render.chart import draw
from bot.runtime.pictures import Pictures
from bot.runtime.reload import settle_heap

ROOT = Path(__file__).resolve().parents[1]
SHIPPED = ["/rank chart", "/compare muse spark vs gpt-5.4 chart"]
FIRST_CHART = """
import json, re, sys, time
from pathlib import Path
from bot.content.loader import load_catalog
from bot.core import Core, Request
from bot.render.chart import draw

def rss():
    return int(re.search(r"VmRSS:\\s+(\\d+)", Path("/proc/self/status").read_text()).group(1))

chart = Core(load_catalog("content")).handle(Request.parse(sys.argv[1], pictures="upload")).chart
before, started = rss(), time.perf_counter()
import matplotlib.figure, matplotlib.backends.backend_agg, PIL.Image
imported = time.perf_counter()
draw(chart)
drawn = time.perf_counter()
print(json.dumps({"import": imported - started, "draw": drawn - imported, "total": drawn - started,
                  "rss_kib": rss() - before}))
"""


def chart(core: Core, line: str) -> Chart:
    found = core.handle(Request.parse(line, pictures="upload")).chart
    if found is None:
        raise SystemExit(f"{line!r} has no chart")
    return found


def render(title: str, charts: dict[str, Chart], runs: int) -> None:
    print(f"\n{title}")
    for line, picture in charts.items():
        report(f"  draw {line} ({len(picture.bars)} bars, {len(draw(picture)) // 1024} KiB)",
               timed(lambda: draw(picture), runs, warmup=5), target="p50 < 150 ms")


def cached(picture: Chart, runs: int) -> None:
    async def measure() -> list[float]:
        pictures = Pictures()
        try:
            await pictures.png(picture, "v1")
            loop = asyncio.get_running_loop()
            samples = []
            for _ in range(runs):
                started = loop.time()
                await pictures.png(picture, "v1")
                samples.append(loop.time() - started)
            return samples
        finally:
            pictures.close()

    print("\ncached path")
    report("  Pictures.png, same chart and version", asyncio.run(measure()), unit="us")


def first_chart(runs: int) -> None:
    print(f"\nfirst chart in a fresh process (/rank chart), {runs} runs")
    results = [
        json.loads(subprocess.run([sys.executable, "-c", FIRST_CHART, "/rank chart"], cwd=ROOT, check=True,
                                  capture_output=True, text=True).stdout)
        for _ in range(runs)
    ]
    for key, name in (("import", "import matplotlib + Pillow"), ("draw", "first draw"), ("total", "both")):
        report(f"  {name}", [result[key] for result in results])
    added = sorted(result["rss_kib"] for result in results)
    print(f"  {'RSS added':<42} p50 {percentiles([float(k) for k in added])[0] / 1024:8.1f} MiB   "
          f"max {added[-1] / 1024:.1f} MiB")


def building(core: Core, runs: int) -> None:
    print("\nbuilding the Chart in the core")
    plain, with_chart = Request.parse("/rank"), Request.parse("/rank chart", pictures="upload")
    assert core.handle(plain).chart is None and core.handle(with_chart).chart is not None
    p50, p99 = report("  /rank, no chart", timed(lambda: core.handle(plain), runs), unit="us")
    c50, c99 = report("  /rank chart, pictures=upload", timed(lambda: core.handle(with_chart), runs), unit="us")
    print(f"  ratio with chart / without: p50 {c50 / p50:.2f}x   p99 {c99 / p99:.2f}x")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=50, help="timed draws per chart")
    parser.add_argument("--fresh-runs", type=int, default=3, help="fresh processes for the first chart")
    parser.add_argument("--core-runs", type=int, default=2000, help="timed core answers")
    args = parser.parse_args()
    print(f"host: {os.cpu_count()} CPUs, load average {os.getloadavg()[0]:.1f}")
    report("host speed: sum(range(10**6)), ~15 ms on a laptop", timed(lambda: sum(range(10**6)), 20, warmup=2))
    shipped = Core(load_catalog(ROOT / "content"))
    settle_heap()  # as `newsbot run` does after loading content: no full collection rescans the catalog
    render("shipped content", {line: chart(shipped, line) for line in SHIPPED}, args.runs)
    with tempfile.TemporaryDirectory() as directory:
        write_large_catalog(directory)
        large = chart(Core(load_catalog(directory)), "/rank b42 chart")
    settle_heap()
    render("large catalog: a full ranking", {"/rank b42 chart": large}, args.runs)
    cached(chart(shipped, SHIPPED[0]), args.runs * 20)
    first_chart(args.fresh_runs)
    building(shipped, args.core_runs)


if __name__ == "__main__":
    main()
