"""Percentiles and a printed line, shared by the benchmarks."""

from __future__ import annotations

import statistics
import time
from collections.abc import Callable


def percentiles(samples: list[float]) -> tuple[float, float]:
    """(p50, p99) of `samples`, in the samples' unit."""
    ordered = sorted(samples)
    return statistics.median(ordered), ordered[min(len(ordered) - 1, int(len(ordered) * 0.99))]


def timed(function: Callable[[], object], runs: int, warmup: int = 100) -> list[float]:
    """Wall-clock seconds of each of `runs` calls, after `warmup` untimed ones."""
    for _ in range(warmup):
        function()
    samples = []
    for _ in range(runs):
        started = time.perf_counter()
        function()
        samples.append(time.perf_counter() - started)
    return samples


def report(name: str, samples: list[float], unit: str = "ms", target: str = "") -> tuple[float, float]:
    """Print 'name  p50 … p99 …' in milliseconds (or microseconds) and return (p50, p99) in that unit."""
    scale = 1000 if unit == "ms" else 1_000_000
    p50, p99 = (value * scale for value in percentiles(samples))
    suffix = f"   target {target}" if target else ""
    print(f"{name:<44} p50 {p50:8.3f} {unit}   p99 {p99:8.3f} {unit}   n={len(samples)}{suffix}")
    return p50, p99
