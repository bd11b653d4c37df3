"""Ranking the passages that agree with a question: rapidfuzz's token set ratio of the question's words
against each passage (a passage holding all of them, and little else, first; ties in content order).

Weighed on the labelled set (bench/bench_retrieval.py): bm25s (BM25 over sparse matrices, with PyStemmer)
and tantivy (a Rust search engine) ranked a right passage first less often (recall@1 0.48 and 0.47
against 0.60), bm25s costs a 100 ms numpy import in `newsbot ask` and tantivy 17 MiB in the image;
rapidfuzz is already there. The answer rule, not the ranking, decides whether a passage answers.
"""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process


def ranked(query: str, texts: dict[int, str]) -> list[tuple[float, int]]:
    """(score, passage number) of `texts` by passage number, best first: the share of the query's words a
    passage holds (token set ratio), then how little else it says (token sort ratio), then content order."""
    if not texts:
        return []
    if not query.strip():
        return [(0.0, n) for n in sorted(texts)]
    held = process.extract(query, texts, scorer=fuzz.token_set_ratio, processor=default_process, limit=None)
    close = dict((number, score) for _, score, number in process.extract(
        query, texts, scorer=fuzz.token_sort_ratio, processor=default_process, limit=None))
    return sorted(((score + close[number] / 1000, number) for _, score, number in held),
                  key=lambda item: (-item[0], item[1]))
