"""The records a question names: exactly after normalising, or with a typo that keeps a name's digits
('muse sprak', never 'gpt-5' for GPT-5.4), longest names first."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.names import normalize
from bot.core.ask.lexicon import Lexicon
from bot.core.ask.words import STOPWORDS

FUZZY_CUTOFF = 0.79
"""Least similarity (1 - edits / length, a swap of two letters being one edit) for a name with a typo."""
_DIGITS = re.compile(r"\d")


@dataclass(frozen=True)
class Mention:
    """A record named in the question: kind ('model', 'benchmark', 'org', 'mode'), id, and the words that
    named it ('it' for the model the sources are about, when the question names none)."""

    kind: str
    id: str
    words: tuple[str, ...]
    exact: bool = True
    at: int = -1
    """Where in the question's words it was named (-1: not typed, as for 'it')."""
    described: frozenset[str] = frozenset()
    """Words of a benchmark's own description ('health questions'): naming it, they ask nothing more."""


def find_mentions(lex: Lexicon, words: list[str], found: list[Mention]) -> set[int]:
    """Longest names first, left to right: exact after normalising, then a close spelling with the same digits."""
    used: set[int] = set()
    for size in (4, 3, 2, 1):
        for fuzzy in (False, True):
            for start in range(len(words) - size + 1):
                span = range(start, start + size)
                if used.intersection(span):
                    continue
                chunk = words[start : start + size]
                if (fuzzy or size == 1) and (chunk[0] in STOPWORDS or chunk[-1] in STOPWORDS):
                    continue
                hit = _fuzzy(lex, chunk) if fuzzy else _exact(lex, chunk)
                if hit:
                    found.append(Mention(hit[0], hit[1], tuple(chunk), exact=not fuzzy, at=start))
                    used.update(span)
    return used


def _exact(lex: Lexicon, chunk: list[str]) -> tuple[str, str] | None:
    """The record `chunk` names exactly, or whose every name starting with it is one record's
    ('claude opus' -> Claude Opus 4.6; never 'gpt 5' -> GPT-5.4: a number must not run on)."""
    key = normalize(" ".join(chunk))
    if (hit := lex.names.get(key)) is not None or len(key) < 5:
        return hit
    start = bisect_left(lex.sorted_keys, key)
    end = bisect_left(lex.sorted_keys, key + "\uffff", lo=start)
    if not 0 < end - start <= 50:
        return None
    found = {lex.names[k] for k in lex.sorted_keys[start:end] if not (key[-1].isdigit() and k[len(key)].isdigit())}
    return found.pop() if len(found) == 1 else None


def _fuzzy(lex: Lexicon, chunk: list[str]) -> tuple[str, str] | None:
    key = normalize(" ".join(chunk))
    if len(key) < 5 or key.isdigit():
        return None
    match = process.extractOne(key, lex.keys, scorer=OSA.normalized_similarity, score_cutoff=FUZZY_CUTOFF)
    if match is None or _DIGITS.findall(match[0]) != _DIGITS.findall(key) or abs(len(match[0]) - len(key)) > 2:
        return None
    if len(chunk) > 1 and not _each_word_close(lex, chunk, lex.names[match[0]][1]):
        return None  # 'healthbench easy' is not HealthBench Hard: a different word, not a typo
    return lex.names[match[0]]


def _each_word_close(lex: Lexicon, chunk: list[str], record_id: str) -> bool:
    """Whether every typed word is a word of one of the record's names, or a typo of one."""
    named = {w for label in lex.words_of_names.get(record_id, ()) for w in label}
    return all(w in named or any(OSA.normalized_similarity(w, n) >= 0.6 for n in named) for w in chunk)
