"""Understanding a question: its words, the records it names (exactly or with a typo), what it asks, any date."""

from __future__ import annotations

import re
from bisect import bisect_left
from dataclasses import dataclass, field

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.ask.lexicon import Lexicon, lexicon
from bot.core.text import without_mentions

FUZZY_CUTOFF = 0.79
"""Least similarity (1 - edits / length, a swap of two letters being one edit) for a name with a typo."""
_WORD = re.compile(r"\d{4}-\d{1,2}(?:-\d{1,2})?|[\w$%][\w.,$%'’]*[\w%]|[\w$%]", re.UNICODE)
_DIGITS = re.compile(r"\d")
MONTH_WORDS = {
    name: number
    for number, names in enumerate(
        (("january", "jan"), ("february", "feb"), ("march", "mar"), ("april", "apr"), ("may",), ("june", "jun"),
         ("july", "jul"), ("august", "aug"), ("september", "sep", "sept"), ("october", "oct"),
         ("november", "nov"), ("december", "dec")),
        start=1,
    )
    for name in names
}
STOPWORDS = frozenset(
    """a an the is are was were be been being do does did doing has have had having it its it's this that these
    those of on in at for to from with by as and or but if then than so about into over under per via me my i you
    your we us our they them their he she his her what which who whom whose how why where when whether tell know
    please can could would should will shall may might must any some there here one ones model models ai llm
    just really actually exactly currently now first officially publicly much many really get got say says said
    according article source use used uses using go goes went up off after before find finds found""".split()
)
"""Function words: they carry no fact, so no record has to cover them."""

INTENT_WORDS: dict[str, frozenset[str]] = {
    "when": frozenset("when date released release releases launched launch launches came come out day year month "
                      "announced unveiled".split()),
    "open": frozenset("open source sourced weights weight download downloadable closed free".split()),
    "access": frozenset("api access use using available availability where try run build developers developer "
                        "public private preview".split()),
    "maker": frozenset("who made makes make built builds build developed develops created creates behind maker "
                       "company lab owns".split()),
    "best": frozenset("best top tops leads lead leading leader highest first winner wins win number strongest "
                      "fewest least lowest most worst last efficient efficiency benchmark benchmarks scorer scorers "
                      "performer".split()),
    "score": frozenset("score scores scored scoring rank ranks ranked ranking place placed places standing stand "
                       "result results perform performs performance get gets do uses used using behind ahead "
                       "far".split()),
    "compare": frozenset("better worse vs versus compare compared comparison beat beats against stronger weaker "
                         "outperform outperforms".split()),
    "events": frozenset("happened happen happens events event news timeline".split()),
}
"""Words that say what is asked; a record answering that kind of question covers them."""


@dataclass(frozen=True)
class Mention:
    """A record named in the question: kind ('model', 'benchmark', 'org'), id, and the words that named it."""

    kind: str
    id: str
    words: tuple[str, ...]
    exact: bool = True


@dataclass
class Question:
    """A question taken apart."""

    text: str
    words: list[str]
    mentions: list[Mention] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    date: str | None = None

    def of(self, kind: str) -> list[str]:
        """Ids of the mentioned records of `kind`, in order, each once."""
        return list(dict.fromkeys(m.id for m in self.mentions if m.kind == kind))

    def has(self, *words: str) -> bool:
        """Whether any of `words` (or phrases) occurs in the question."""
        joined = f" {' '.join(self.words)} "
        return any(f" {w} " in joined for w in words)


def words_of(text: str) -> list[str]:
    """Lower-case words, keeping names like 'gpt-5.4' and numbers like '15,000' whole."""
    found = (w.strip(".,'’") for w in _WORD.findall(text.casefold()))
    return [re.sub(r"['’]s$", "", w) for w in found if w]


def parse(catalog: Catalog, text: str) -> Question:
    """Take `text` apart against `catalog`."""
    lex = lexicon(catalog)
    text = without_mentions(text)
    words = words_of(text)
    question = Question(text=text, words=words)
    used = _find_mentions(lex, words, question.mentions)
    words[:] = [w if i in used else _spelled(lex, w) for i, w in enumerate(words)]
    rest = [f"v{w}" if _number(w) and i - 1 in used and len(w) < 4 else w
            for i, w in enumerate(words) if i not in used]
    question.date, rest = _find_date(rest)
    question.content = [w for w in rest if w not in STOPWORDS]
    return question


def _find_mentions(lex: Lexicon, words: list[str], found: list[Mention]) -> set[int]:
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
                    found.append(Mention(hit[0], hit[1], tuple(chunk), exact=not fuzzy))
                    used.update(span)
    return used


_QUESTION_WORDS = frozenset(("which", "what", "when", "where", "whose", "does", "have", "many", "much", "about"))
_KNOWN = STOPWORDS | frozenset().union(*INTENT_WORDS.values())
_SHORT_TARGETS = _QUESTION_WORDS | {"open", "made", "best", "date", "lead", "leads", "score", "rank"}


def _spelled(lex: Lexicon, word: str) -> str:
    """`word`, or the known word it is a typo of ('relesed' -> 'released', 'wich' -> 'which'): only for a
    word neither the questions' vocabulary nor the content uses, and only a close one."""
    from bot.core.ask.cover import stem

    if len(word) < 4 or word in _KNOWN or word in lex.index or word in MONTH_WORDS or not word.isalpha():
        return word
    if stem(word) in lex.stems:
        return word
    if not lex.spelling:
        known = _KNOWN - STOPWORDS | _QUESTION_WORDS
        lex.spelling = sorted(known | {v for v in lex.vocabulary if v.isalpha() and len(v) > 3} - STOPWORDS)
    choices = lex.spelling if len(word) >= 5 else sorted(_SHORT_TARGETS)
    found = process.extract(word, choices, scorer=OSA.normalized_similarity,
                            score_cutoff=FUZZY_CUTOFF if len(word) >= 5 else 0.74, limit=5)
    if not found:
        return word
    return max(found, key=lambda m: (m[1], m[0][0] == word[0], -abs(len(m[0]) - len(word))))[0]


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


def _number(word: str) -> bool:
    return word.isascii() and word.isdigit()


_FULL = re.compile(r"^(\d{4})-(\d{1,2})(?:-(\d{1,2}))?$")


def _find_date(words: list[str]) -> tuple[str | None, list[str]]:
    """A date named in the words ('2026-04-08', 'april 8, 2026', '8 april 2026', 'april 2026', '2026', 'april')
    as a prefix of stored dates ('2026-04-08', '2026-04', '2026', or '-04' for a month in any year)."""
    year = month = day = None
    rest = []
    for index, word in enumerate(words):
        after = words[index + 1] if index + 1 < len(words) else ""
        if match := _FULL.match(word):
            year, month = match.group(1), int(match.group(2))
            day = int(match.group(3)) if match.group(3) else None
        elif _number(word) and len(word) == 4 and word.startswith(("19", "20")):
            year = word
        elif word in MONTH_WORDS and (word != "may" or _number(after)):
            month = MONTH_WORDS[word]
        elif _number(word) and 1 <= int(word) <= 31 and day is None and (
            (month is not None and words[index - 1] in MONTH_WORDS) or after in MONTH_WORDS
        ):
            day = int(word)
        else:
            rest.append(word)
    if month is not None and not 1 <= month <= 12:
        return None, words
    if year and month and day:
        return f"{year}-{month:02d}-{day:02d}", rest
    if year and month:
        return f"{year}-{month:02d}", rest
    if month and day:
        return f"-{month:02d}-{day:02d}", rest
    if month:
        return f"-{month:02d}", rest
    return year, rest
