"""Ranking the passages that agree with a question: rapidfuzz's token set ratio of the question's words
against each passage (a passage holding all of them, and little else, first; ties in content order).

Weighed on the labelled set (bench/bench_retrieval.py): bm25s (BM25 over sparse matrices, with PyStemmer)
and tantivy (a Rust search engine) ranked a right passage first less often (recall@1 0.48 and 0.47
against 0.60), bm25s costs a 100 ms numpy import in `newsbot ask` and tantivy 17 MiB in the image;
rapidfuzz is already there. The answer rule, not the ranking, decides whether a passage answers.
Also weighed (on the 222 answerable and 110 unanswerable questions of held-out batches 1 and 2, once looked
at): all-MiniLM-L6-v2 sentence embeddings, exported to ONNX int8 and run with onnxruntime, added to this
score, put the right sentence in the top 3 for 72% against 61% (first: 52% against 47%), for 95 MB more in
the image and 3.4 ms a question; model2vec and wordllama static embeddings ranked no better than this.
No similarity told answerable from unanswerable questions (AUC 0.46-0.55), so /ask's misses, which are
declines, are the answer rule's to fix, not the ranking's.
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
