"""Writes the large synthetic catalog the benchmarks use: 1,000 models, 100 benchmarks scoring every
model, 10,000 events, 2,000 FAQ entries and a source text of 2,000 sentences (passages) about the models.
Run it to write one: python -m bench.large_catalog DIR"""

from __future__ import annotations

import random
import sys
from pathlib import Path

MODELS, BENCHMARKS, EVENTS, FAQ, SENTENCES = 1000, 100, 10_000, 2000, 2000
SOURCE = "synthetic"
WORDS = ("alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima mike november oscar papa "
         "quebec romeo sierra tango uniform victor whiskey xray yankee zulu").split()


def _lines_models(rng: random.Random) -> list[str]:
    lines = ["models:"]
    for i in range(MODELS):
        lines.append(
            f"  - {{id: model-{i}, name: Model {i} {WORDS[i % 26].title()}, maker: org-{i % 50}, "
            f"aliases: [m{i}], released: 2026-{1 + i % 12:02d}, open_weights: {str(i % 2 == 0).lower()}, "
            f"source: {SOURCE}, as_of: 2026-04-08}}"
        )
    lines.append("organizations:")
    lines += [f"  - {{id: org-{i}, name: Org {i}}}" for i in range(50)]
    lines.append(f"sources:\n  - {{id: {SOURCE}, title: Synthetic benchmark data, published: 2026-04-08, "
                 "file: sources/synthetic.md}")
    return lines


def _lines_benchmark(rng: random.Random, b: int) -> list[str]:
    direction = "lower" if b % 5 == 0 else "higher"
    lines = [
        f"  - id: bench-{b}",
        f"    name: Benchmark {b} {WORDS[b % 26].title()}",
        f"    aliases: [b{b}]",
        f"    unit: \"{'%' if b % 2 else ''}\"",
        f"    direction: {direction}",
        f"    source: {SOURCE}",
        "    as_of: 2026-04-08",
        "    scores:",
    ]
    for i in range(MODELS):
        value = round(rng.uniform(0, 100), 1)
        lines.append(f"      - {{model: model-{i}, value: {value}}}")
    return lines


def write_large_catalog(directory: str | Path, seed: int = 7) -> Path:
    """Write the catalog's YAML files into `directory` and return it."""
    rng = random.Random(seed)
    out = Path(directory)
    out.mkdir(parents=True, exist_ok=True)
    (out / "models.yaml").write_text("\n".join(_lines_models(rng)) + "\n")
    bench_lines = ["benchmarks:"]
    for b in range(BENCHMARKS):
        bench_lines += _lines_benchmark(rng, b)
    (out / "benchmarks.yaml").write_text("\n".join(bench_lines) + "\n")
    events = ["events:"]
    for e in range(EVENTS):
        date = f"{2020 + e % 7}-{1 + e % 12:02d}" + (f"-{1 + e % 28:02d}" if e % 3 else "")
        words = " ".join(rng.choice(WORDS) for _ in range(6))
        events.append(
            f"  - {{id: event-{e}, date: '{date}', title: Event {e} {words}, entities: [model-{e % MODELS}], "
            f"source: {SOURCE}}}"
        )
    (out / "timeline.yaml").write_text("\n".join(events) + "\n")
    faq = ["faq:"]
    for q in range(FAQ):
        words = " ".join(rng.choice(WORDS) for _ in range(5))
        faq.append(
            f"  - {{id: faq-{q}, question: 'Question {q}: what about {words}?', answer: Answer {q}, "
            f"also: ['{words} {q}'], source: {SOURCE}}}"
        )
    (out / "faq.yaml").write_text("\n".join(faq) + "\n")
    (out / "sources").mkdir(exist_ok=True)
    (out / "sources" / "synthetic.md").write_text(_text(rng), encoding="utf-8")
    return out


def _text(rng: random.Random) -> str:
    """SENTENCES sentences in paragraphs of four under a heading every ten paragraphs, naming models,
    organizations and benchmarks, with numbers, dates and pronouns, as an article would."""
    lines = []
    for s in range(SENTENCES):
        if s % 40 == 0:
            lines.append(f"\n## Part {s // 40} {WORDS[s % 26].title()}\n")
        model, other = rng.randrange(MODELS), rng.randrange(MODELS)
        words = " ".join(rng.choice(WORDS) for _ in range(rng.randint(4, 12)))
        lines.append(rng.choice((
            f"Model {model} {WORDS[model % 26].title()} scores {rng.randint(1, 99)} on {words}.",
            f"It runs {rng.randint(2, 9)} {words} agents in parallel.",
            f"Org {model % 50} released Model {model} {WORDS[model % 26].title()} on March {1 + s % 28}, 2026.",
            f"The {words} of Model {other} {WORDS[other % 26].title()} is not open to everyone.",
        )) + (" " if s % 4 != 3 else "\n"))
    return "".join(lines)


if __name__ == "__main__":
    print(write_large_catalog(sys.argv[1] if len(sys.argv) > 1 else "/tmp/newsbot-large"))
