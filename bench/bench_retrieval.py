"""Retrieval libraries weighed for /ask's passage search, on the same corpus and queries.

Corpus: the shipped content's passages (curated facts, FAQ, events, benchmark descriptions and every
sentence of the sources' texts). Queries: the labelled set's answerable questions, as /ask reads them
(their meaningful words). A passage is relevant when it holds the text the labelled answer expects, so
recall@k says how often a right passage is among the first k candidates the answer rule then checks.
Also: query latency on the shipped corpus and on 2,000 synthetic passages, index build time, import
time (a fresh process) and installed size; and, end to end, the labelled set's figures with each library
ranking the passages that agree with a question (bot.core.ask.search.ranked swapped for the run).

bm25s and tantivy are not newsbot's dependencies: install them to compare (pip install bm25s tantivy).
Run: .venv/bin/python -m bench.bench_retrieval
"""

from __future__ import annotations

import importlib.metadata
import random
import subprocess
import sys
import time
from pathlib import Path

import yaml

from bench.stats import timed
from bot.content.loader import load_catalog
from bot.core.ask.lexicon import lexicon
from bot.core.ask.question import parse
from bot.core.ask.words import stem, words_of

ROOT = Path(__file__).resolve().parents[1]
LABELLED = ROOT / "tests" / "core" / "ask_questions.yaml"
K = 5


class Bm25s:
    name, package, module = "bm25s (+ PyStemmer)", "bm25s", "bm25s"

    def __init__(self, docs: list[list[str]]) -> None:
        import bm25s

        self.retriever = bm25s.BM25()
        vocabulary = {w: i for i, w in enumerate(sorted({w for d in docs for w in d}))}
        self.vocabulary = vocabulary
        self.retriever.index(bm25s.tokenization.Tokenized(ids=[[vocabulary[w] for w in d] for d in docs],
                                                          vocab=vocabulary), show_progress=False)
        self.count = len(docs)

    def search(self, words: list[str], k: int) -> list[int]:
        ids = [self.vocabulary[w] for w in words if w in self.vocabulary]
        if not ids:
            return []
        scores = self.retriever.get_scores(ids)
        top = scores.argsort()[::-1][:k]
        return [int(i) for i in top if scores[i] > 0]


class Tantivy:
    name, package, module = "tantivy", "tantivy", "tantivy"

    def __init__(self, docs: list[list[str]]) -> None:
        import tantivy

        builder = tantivy.SchemaBuilder()
        builder.add_text_field("body", stored=False, tokenizer_name="raw")
        builder.add_unsigned_field("n", stored=True, indexed=False)
        self.schema = builder.build()
        self.index = tantivy.Index(self.schema)
        writer = self.index.writer(heap_size=15_000_000, num_threads=1)
        for n, doc in enumerate(docs):
            writer.add_document(tantivy.Document(body=doc, n=n))
        writer.commit()
        writer.wait_merging_threads()
        self.index.reload()
        self.tantivy = tantivy

    def search(self, words: list[str], k: int) -> list[int]:
        if not words:
            return []
        query = self.tantivy.Query.boolean_query(
            [(self.tantivy.Occur.Should, self.tantivy.Query.term_query(self.schema, "body", w)) for w in words])
        searcher = self.index.searcher()
        return [searcher.doc(address)["n"][0] for _, address in searcher.search(query, k).hits]


class RapidFuzz:
    name, package, module = "rapidfuzz token_set_ratio", "rapidfuzz", "rapidfuzz"

    def __init__(self, docs: list[list[str]]) -> None:
        self.docs = [" ".join(d) for d in docs]

    def search(self, words: list[str], k: int) -> list[int]:
        from rapidfuzz import fuzz, process

        if not words:
            return []
        found = process.extract(" ".join(words), self.docs, scorer=fuzz.token_set_ratio, limit=k, score_cutoff=1)
        return [index for _, _, index in found]


LIBRARIES = (Bm25s, Tantivy, RapidFuzz)


def _size(package: str) -> float:
    files = importlib.metadata.files(package) or []
    return sum(f.locate().stat().st_size for f in files if f.locate().exists()) / 2**20


def _import_ms(module: str) -> float:
    code = f"import time; t = time.perf_counter(); import {module}; print((time.perf_counter() - t) * 1000)"
    runs = [float(subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout)
            for _ in range(3)]
    return min(runs)


def _bm25s_ranked(query: str, texts: dict[int, str]) -> list[tuple[float, int]]:
    import bm25s

    numbers = sorted(texts)
    if not numbers or not query.split():
        return [(0.0, n) for n in numbers]
    retriever = bm25s.BM25()
    retriever.index([texts[n].split() for n in numbers], show_progress=False)
    scores = retriever.get_scores(query.split())
    return sorted(((float(scores[i]), n) for i, n in enumerate(numbers)), key=lambda item: (-item[0], item[1]))


def _tantivy_ranked(query: str, texts: dict[int, str]) -> list[tuple[float, int]]:
    numbers = sorted(texts)
    if not numbers:
        return []
    engine = Tantivy([texts[n].split() for n in numbers])
    hits = engine.search(query.split(), len(numbers))
    ranked = [(float(len(hits) - i), numbers[h]) for i, h in enumerate(hits)]
    return ranked + [(0.0, n) for n in numbers if n not in {numbers[h] for h in hits}]


def end_to_end() -> None:
    """The labelled set and the slowest shipped question with each library ranking the agreeing passages."""
    from bot.core import Core, Request
    from bot.core.ask import cover, search
    from tests.core.test_ask_eval import evaluate

    catalog = load_catalog(ROOT / "content")
    core = Core(catalog)
    rankers = {"rapidfuzz (shipped)": search.ranked, "bm25s": _bm25s_ranked, "tantivy": _tantivy_ranked}
    print("\nend to end on the labelled set (the ranker orders the passages the answer rule then checks)")
    for name, ranker in rankers.items():
        cover.ranked = ranker
        try:
            scores = evaluate(catalog)
        except ImportError:
            print(f"  {name:22} not installed")
            continue
        request = Request("ask", "hey so does muse spark handle tool calls lol")
        samples = sorted(timed(lambda: core.handle(request), 200, warmup=20))
        print(f"  {name:22} right {scores.right}/{scores.answerable} (recall {scores.recall:.3f}), "
              f"wrong {len(scores.wrong)}, declined {scores.declined:.3f}; "
              f"/ask p99 {samples[int(len(samples) * 0.99)] * 1000:.2f} ms")
    cover.ranked = search.ranked


def main() -> None:
    catalog = load_catalog(ROOT / "content")
    lex = lexicon(catalog)
    texts = [f"{p.text} {p.keywords}" for p in lex.passages]
    docs = [[stem(w) for w in words_of(t)] for t in texts]
    items = [i for i in yaml.safe_load(LABELLED.read_text())["questions"] if i.get("answer")]
    queries = []
    for item in items:
        expected = item["answer"] if isinstance(item["answer"], list) else [item["answer"]]
        relevant = {n for n, t in enumerate(texts) if all(e.casefold() in t.casefold() for e in expected)}
        if relevant:
            question = parse(catalog, item["q"])
            words = [stem(w) for w in question.content] + [stem(w) for m in question.mentions for w in m.words]
            queries.append((words, relevant))
    rng = random.Random(7)
    vocabulary = [f"w{i}" for i in range(3000)]
    large = [[rng.choice(vocabulary) for _ in range(rng.randint(8, 30))] for _ in range(2000)]
    large_queries = [[rng.choice(vocabulary) for _ in range(3)] for _ in range(50)]
    print(f"{len(docs)} passages; {len(queries)} answerable labelled questions with a relevant passage")
    print(f"{'library':28} {'r@1':>5} {'r@5':>5} {'p50 ms':>7} {'p99 ms':>7} {'2k p99':>7} {'index ms':>8} "
          f"{'import ms':>9} {'MiB':>5}")
    for library in LIBRARIES:
        started = time.perf_counter()
        try:
            engine = library(docs)
        except ImportError:
            print(f"{library.name:28} not installed (pip install {library.package})")
            continue
        built = (time.perf_counter() - started) * 1000
        hits1 = sum(bool(set(engine.search(w, 1)) & r) for w, r in queries)
        hits5 = sum(bool(set(engine.search(w, K)) & r) for w, r in queries)
        times = timed(lambda: [engine.search(w, K) for w, _ in queries[:20]], 50)
        big = library(large)
        big_times = timed(lambda: [big.search(q, K) for q in large_queries[:10]], 50)
        times.sort()
        big_times.sort()
        p50, p99 = times[len(times) // 2] * 1000 / 20, times[int(len(times) * 0.99)] * 1000 / 20
        big99 = big_times[int(len(big_times) * 0.99)] * 1000 / 10
        print(f"{library.name:28} {hits1 / len(queries):5.2f} {hits5 / len(queries):5.2f} {p50:7.3f} {p99:7.3f} "
              f"{big99:7.3f} {built:8.1f} {_import_ms(library.module):9.1f} {_size(library.package):5.1f}")


if __name__ == "__main__":
    main()
    end_to_end()
