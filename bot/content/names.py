"""Resolving what people type to ids: exact after normalising, fuzzy for suggestions; and searching
texts by words that forgive typos and know synonyms."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping, Sequence

from rapidfuzz import fuzz, process
from rapidfuzz.distance import OSA

SUGGEST_CUTOFF = 60.0
CLOSE_CUTOFF = 80.0
"""A name this close (plain ratio, ~17x cheaper than WRatio) is a likely typo, offered even across kinds:
'muse sprak' 89, 'gemni' 91, 'antropic' 94, 'modle 7' 83; unrelated names score 60 at most on the shipped content."""


def word_edits(word: str) -> int:
    """Edits (a transposition is one) by which a typed word may differ from a word of the texts it stands for:
    none below 5 letters ('wand' is not 'wang'), 1 up to 7 ('sprak' ~ 'spark', never 'openai' ~ 'open'),
    2 from 8 on ('alexander' ~ 'alexandr')."""
    return 0 if len(word) < 5 else 1 if len(word) < 8 else 2


_NOT_ALNUM = re.compile(r"[\W_]+")


_DIGITS = re.compile(r"\d+")


def numbers_of(text: str) -> list[str]:
    """The runs of digits in `text` as normalised ('GPT-5.4' -> ['54'], 'opus 4.5' -> ['45'])."""
    return _DIGITS.findall(normalize(text))


def same_numbers(typed: str, name: str) -> bool:
    """Whether `name` may be what `typed` means as far as numbers go: a number typed must be the name's own
    ('llama 3' is not 'Llama 4', 'gpt-5' not 'GPT-5.4', 'muse spark 2' not 'Muse Spark'); typing none is fine."""
    typed_numbers = numbers_of(typed)
    return not typed_numbers or typed_numbers == numbers_of(name)


def normalize(text: str) -> str:
    """Lower-case letters and digits only: 'GPT-5.4', 'gpt 5.4' and 'gpt5.4' are all 'gpt54'."""
    return _NOT_ALNUM.sub("", unicodedata.normalize("NFKC", text).casefold())


class Names:
    """A name index: every id, name and alias of a set of records, to one id each."""

    def __init__(self, entries: Iterable[tuple[str, str, Iterable[str]]]) -> None:
        self._ids: dict[str, str] = {}
        self.labels: dict[str, str] = {}
        for record_id, label, names in entries:
            self.labels[record_id] = label
            for name in (record_id, label, *names):
                self._ids.setdefault(normalize(name), record_id)
        self._keys = list(self._ids)

    def get(self, text: str) -> str | None:
        """The id `text` names exactly (ignoring case, spaces and punctuation), or None."""
        return self._ids.get(normalize(text))

    def scored(
        self, text: str, limit: int = 3, cutoff: float = SUGGEST_CUTOFF, scorer: Callable[..., float] = fuzz.WRatio
    ) -> list[tuple[str, float]]:
        """(id, score 0-100) of the records closest to `text`, best first, each record once."""
        key = normalize(text)[:200]
        if not key:
            return []
        best: dict[str, float] = {}
        for match, score, _ in process.extract(key, self._keys, scorer=scorer, limit=limit * 4, score_cutoff=cutoff):
            best.setdefault(self._ids[match], score)
        return list(best.items())[:limit]

    def close(self, text: str, limit: int = 3) -> list[tuple[str, float]]:
        """(id, score) of the records whose name `text` likely misspells ('muse sprak'), best first."""
        return self.scored(text, limit, CLOSE_CUTOFF, fuzz.ratio)

    def close_same_numbers(self, text: str, limit: int = 3) -> list[tuple[str, float]]:
        """Like `close`, but only names with the numbers `text` has (if any): a typo, never another version.
        Safe to resolve as a typo; `close` is for suggestions."""
        key = normalize(text)[:200]
        if not key:
            return []
        if not numbers_of(key):
            return self.close(text, limit)
        best: dict[str, float] = {}
        for match, score, _ in process.extract(
            key, self._keys, scorer=fuzz.ratio, limit=limit * 4, score_cutoff=CLOSE_CUTOFF
        ):
            if same_numbers(key, match):
                best.setdefault(self._ids[match], score)
        return list(best.items())[:limit]

    def suggest(self, text: str, limit: int = 3, cutoff: float = SUGGEST_CUTOFF) -> list[str]:
        """Display names of the closest records to `text`, best first."""
        labels = [self.labels[record_id] for record_id, _ in self.scored(text, limit * 4, cutoff)]
        return list(dict.fromkeys(labels))[:limit]

    def containing(self, text: str, limit: int = 5) -> list[str]:
        """Ids of records with a name that starts with `text` or is a word-sized part of it, shortest first:
        'claude' -> both Claude models, 'chatgpt' -> the model called 'gpt'. Needs 3+ letters."""
        key = normalize(text)[:200]
        if len(key) < 3:
            return []
        found = sorted((len(k), rid) for k, rid in self._ids.items() if k.startswith(key) or (len(k) >= 3 and k in key))
        return list(dict.fromkeys(rid for _, rid in found))[:limit]

    def complete(self, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """Up to `limit` (label, id) pairs for autocomplete, best first.

        Names that start with what was typed come first, then names that contain it, then names whose
        start is closest to it (so a typo in the first letters still finds them).
        """
        key = normalize(text)[:100]
        if not key:
            return [(label, rid) for rid, label in list(self.labels.items())[:limit]]
        starting, containing = [], []
        for k, rid in self._ids.items():
            if key in k:
                (starting if k.startswith(key) else containing).append(rid)
        ids = starting + containing
        if len(set(ids)) < limit:
            starts = [k[: len(key) + 1] for k in self._keys]
            for _, _score, index in process.extract(
                key, starts, scorer=fuzz.ratio, limit=limit * 2, score_cutoff=SUGGEST_CUTOFF
            ):
                ids.append(self._ids[self._keys[index]])
        unique = list(dict.fromkeys(ids))[:limit]
        return [(self.labels[rid], rid) for rid in unique]


_WORD = re.compile(r"\w+")
_VOCABULARIES: dict[int, tuple[Sequence[str], dict[str, frozenset[int]]]] = {}


def _postings(texts: Sequence[str]) -> dict[str, frozenset[int]]:
    """Word -> indexes of the texts that hold it, built once per texts object (a catalog's, kept while used)."""
    cached = _VOCABULARIES.get(id(texts))
    if cached is not None and cached[0] is texts:
        return cached[1]
    found: dict[str, set[int]] = {}
    for index, text in enumerate(texts):
        for word in set(_WORD.findall(text.casefold())):
            found.setdefault(word, set()).add(index)
    postings = {word: frozenset(indexes) for word, indexes in found.items()}
    if len(_VOCABULARIES) >= 8:
        _VOCABULARIES.pop(next(iter(_VOCABULARIES)), None)
    _VOCABULARIES[id(texts)] = (texts, postings)
    return postings


def _alternatives(word: str, postings: dict[str, frozenset[int]], synonyms: Mapping[str, Sequence[str]]) -> list[str]:
    """What `word` may stand for in the texts: its synonyms (also of a close spelling), or close spellings.

    A word that is itself a synonym or a word of the texts is never read as a typo of another one ('hires' is
    not 'fires', 'hired' not 'fired'); synonyms are one step ('hired' -> 'poaches', never onwards)."""
    key = normalize(word)
    edits = word_edits(key)
    known = key in synonyms or key in postings or word in postings
    if not edits or known or any(ch.isdigit() for ch in key):  # nor is a number typo'd into another
        return list(synonyms.get(key, ()))
    close = [k for k, _, _ in process.extract(key, list(synonyms), scorer=OSA.distance, limit=2, score_cutoff=edits)]
    found = [meaning for k in dict.fromkeys([key, key.removesuffix("s"), *close]) for meaning in synonyms.get(k, ())]
    found += [w for w, _, _ in process.extract(key, list(postings), scorer=OSA.distance, limit=5, score_cutoff=edits)]
    return list(dict.fromkeys(found))


def search_words(texts: Sequence[str], query: str, synonyms: Mapping[str, Sequence[str]] | None = None) -> list[int]:
    """Indexes of the casefolded `texts` that hold every word of `query`, in order.

    A word matches as typed (anywhere in the text); a word no text holds matches instead its synonyms or the
    close spellings the texts hold, as whole words ('layoffs' -> 'fires', 'alexander' -> 'alexandr')."""
    matching: Sequence[int] = range(len(texts))
    for word in _joined(query.casefold().split(), synonyms or {}):
        if any(ch.isdigit() for ch in word):  # a number is whole: 'gpt-5' is not in 'gpt-5.4', '3' not in '2026'
            pattern = re.compile(rf"(?<![\w.]){re.escape(word)}(?![\w]|\.\d)")
            hits = [index for index in matching if word in texts[index] and pattern.search(texts[index])]
        else:
            hits = [index for index in matching if word in texts[index]]
        if not hits:
            postings = _postings(texts)
            alternatives = _alternatives(word, postings, synonyms or {})
            within = set(matching)
            hits = sorted({i for alt in alternatives for i in _holding(texts, postings, alt) if i in within})
        matching = hits
        if not matching:
            break
    return list(matching)


def _joined(words: list[str], synonyms: Mapping[str, Sequence[str]]) -> list[str]:
    """The words, with neighbours that spell a synonym together joined into it ('lay offs' -> 'layoffs')."""
    joined: list[str] = []
    index = 0
    while index < len(words):
        if index + 1 < len(words) and normalize(words[index] + words[index + 1]) in synonyms:
            joined.append(words[index] + words[index + 1])
            index += 2
        else:
            joined.append(words[index])
            index += 1
    return joined


def _holding(texts: Sequence[str], postings: dict[str, frozenset[int]], phrase: str) -> Iterable[int]:
    """Indexes of the texts that hold `phrase`: a whole word, or a phrase of several words anywhere."""
    if _WORD.fullmatch(phrase):
        return postings.get(phrase, ())
    return (index for index, text in enumerate(texts) if phrase in text)
