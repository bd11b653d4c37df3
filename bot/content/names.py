"""Resolving what people type to ids: exact after normalising, fuzzy for suggestions."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

from rapidfuzz import fuzz, process

SUGGEST_CUTOFF = 60.0


_NOT_ALNUM = re.compile(r"[\W_]+")


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

    def suggest(self, text: str, limit: int = 3) -> list[str]:
        """Display names of the closest records to `text`, best first."""
        key = normalize(text)[:200]
        if not key:
            return []
        found: list[str] = []
        for match, _score, _ in process.extract(
            key, self._keys, scorer=fuzz.WRatio, limit=limit * 4, score_cutoff=SUGGEST_CUTOFF
        ):
            label = self.labels[self._ids[match]]
            if label not in found:
                found.append(label)
        return found[:limit]

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
