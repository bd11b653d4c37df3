"""Generated content directories in the real YAML schema, for pagination tests and the benchmark."""

from __future__ import annotations

import random
from pathlib import Path

SOURCE = "generated"
AS_OF = "2026-04-08"
WORDS = ("Nova", "Orion", "Atlas", "Helix", "Quasar", "Zephyr", "Lumen", "Vertex", "Pulse", "Titan")
TOPICS = ("math", "coding", "health", "law", "vision", "agents", "science", "writing", "charts", "search")


def model_name(index: int) -> str:
    return f"{WORDS[index % len(WORDS)]} {index // len(WORDS) + 1}.{index % 7} {('Pro', 'Mini', 'Ultra')[index % 3]}"


def bench_name(index: int) -> str:
    return f"{TOPICS[index % len(TOPICS)].title()}Bench {index + 1}"


def _q(text: str) -> str:
    return '"' + text.replace('"', "'") + '"'


def write_content(directory: Path, *, models: int, benchmarks: int, events: int, faq: int, seed: int = 7) -> Path:
    """Write a valid content directory: every benchmark scores every model."""
    rng = random.Random(seed)
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "sources.yaml").write_text(
        f"sources:\n  - {{id: {SOURCE}, title: Generated catalog, published: {AS_OF}}}\n", encoding="utf-8"
    )
    lines = ["models:"]
    for i in range(models):
        lines.append(f"  - {{id: m{i}, name: {_q(model_name(i))}, source: {SOURCE}, as_of: {AS_OF}}}")
    (directory / "models.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["benchmarks:"]
    for b in range(benchmarks):
        lines += [f"  - id: b{b}", f"    name: {_q(bench_name(b))}", "    direction: higher",
                  f"    measures: {_q('Generated ' + TOPICS[b % len(TOPICS)] + ' benchmark.')}", "    scores:"]
        lines += [f"      - {{model: m{i}, value: {rng.randint(0, 1000) / 10}, source: {SOURCE}, as_of: {AS_OF}}}"
                  for i in range(models)]
    (directory / "benchmarks.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["events:"]
    for e in range(events):
        date = f"{2020 + e % 7}-{e % 12 + 1:02d}-{e % 28 + 1:02d}"
        title = f"{model_name(e % max(models, 1))} ships update {e} for {TOPICS[e % len(TOPICS)]}"
        lines.append(f"  - {{id: e{e}, date: {date}, title: {_q(title)}, entities: [m{e % max(models, 1)}], source: {SOURCE}}}")
    (directory / "timeline.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    lines = ["faq:"]
    for f in range(faq):
        question = f"How does {model_name(f % max(models, 1))} do on {TOPICS[f % len(TOPICS)]} question {f}?"
        lines.append(f"  - {{id: q{f}, question: {_q(question)}, answer: {_q('Generated answer ' + str(f) + '.')}, source: {SOURCE}}}")
    (directory / "faq.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return directory
