"""Who and what a sentence names, and in what role: the people, organizations, records and quoted phrases a
'who', 'which company', 'what titles' or 'which partners' question asks for. A sentence answers such a
question only when it names one near the word asked about ('who is leading the overhaul': a name by
'lead'; 'who built Feynman': a builder by Feynman), never by merely using the question's own words
('select partners' names no partner)."""

from __future__ import annotations

import re

from bot.core.ask.lexicon import Lexicon, named_spans
from bot.core.ask.question import Question
from bot.core.ask.slot import GROUPS
from bot.core.ask.words import STOPWORDS, words_of

_CAPITALS = re.compile(r"(?:[A-Z][\w’'.-]*[\w]|[A-Z])(?:\s+(?:[A-Z][\w’'.-]*[\w]|\d[\d.]*))*")
_QUOTED = re.compile(r"[“\"]([^”\"]{2,40})[”\"]")
VAGUE = frozenset("select selected certain some various several many few other others specific particular unnamed "
                  "undisclosed chosen limited multiple different".split())
"""Modifiers that name no member ('select partners', 'certain labs')."""
WINDOW = 6


def names(lex: Lexicon, sentence: str, skip: set[str] = frozenset()) -> list[tuple[int, int, str]]:
    """(first word, last word, text) of each name in `sentence`: a record's (but those in `skip`), a run of
    capitalised words (not the sentence's first word alone), a quoted phrase."""
    words = words_of(sentence)
    spans = named_spans(lex, words)
    found = [(start, end, " ".join(words[start : end + 1])) for start, end, record in spans if record not in skip]
    skipped = {" ".join(words[start : end + 1]) for start, end, record in spans if record in skip}
    for pattern in (_CAPITALS, _QUOTED):
        for match in pattern.finditer(sentence):
            text = match.group(1) if pattern is _QUOTED else match.group(0)
            start = len(words_of(sentence[: match.start()]))
            size = len(words_of(text))
            if not size or (pattern is _CAPITALS and start == 0 and size == 1):
                continue
            if pattern is _CAPITALS and all(w.casefold() in STOPWORDS for w in text.split()):
                continue
            if pattern is _QUOTED and size > 4:
                continue  # a quoted statement ('“was not a blocking concern for release”'), not a name
            if " ".join(words_of(text)) in skipped:
                continue
            found.append((start, start + size - 1, text))
    return found


def _spots(words: list[str], options: frozenset[str]) -> list[int]:
    return [i for i, w in enumerate(words) if w in options]


def named_near(lex: Lexicon, question: Question, sentence: str, near: list[frozenset[str]],
               groups: bool = False, window: int = WINDOW, skip: set[str] = frozenset()) -> bool:
    """Whether `sentence` names someone or something (not named by the question, nor a record in `skip`)
    within `window` words of a word of each of `near` (none: anywhere); with `groups`, a group noun counts
    ('select partners')."""
    words = words_of(sentence)
    typed = {w for m in question.mentions for w in m.words} | set(question.words)
    found = [(s, e) for s, e, text in names(lex, sentence, skip) if not set(words_of(text)) - STOPWORDS <= typed]
    if groups:  # 'available to “select partners”': a group the thing goes to
        found += [(i, i) for i, w in enumerate(words) if w in GROUPS and {"to", "for"} & set(words[max(0, i - 3) : i])]
    if not found:
        return False
    places = [_spots(words, options) for options in near]
    if any(not spots for spots in places):
        return False
    return any(all(any(min(abs(i - s), abs(i - e)) <= window for i in spots) for spots in places) for s, e in found)


def members(lex: Lexicon, question: Question, sentence: str, head: frozenset[str]) -> bool:
    """Whether `sentence` names members of the plural thing asked for, two or more by the word ('titles like
    “Token Legend” and “Cache Wizard”', 'open source (Llama, Llama 2, Llama 3, Llama 4)'), not the question's
    own words nor a vague modifier ('“select partners”' names none)."""
    words = words_of(sentence)
    spots = _spots(words, head)
    typed = set(question.words)
    found = sorted((s, e, text) for s, e, text in names(lex, sentence)
                   if set(words_of(text)) - STOPWORDS - typed - head - VAGUE
                   and any(min(abs(i - s), abs(i - e)) <= 2 * WINDOW for i in spots))
    listed = {text for (s, e, text), (s2, e2, text2) in zip(found, found[1:])
              if 0 < s2 - e <= 2 and all(w in ("and", "or") for w in words[e + 1 : s2])} | {
              text2 for (s, e, text), (s2, e2, text2) in zip(found, found[1:])
              if 0 < s2 - e <= 2 and all(w in ("and", "or") for w in words[e + 1 : s2])}
    instances = {text for _, _, text in found if set(words_of(text)) & head}
    return len({" ".join(words_of(text)) for text in listed | instances}) >= 2  # a record's name, capitalised too


def specified(question: Question, sentence: str, head: frozenset[str]) -> bool:
    """Whether `sentence` says which one a singular thing is: a modifier of the word the question does not
    give and that is not vague ('the developer and enterprise market'), or a name nearby."""
    words = words_of(sentence)
    typed = set(question.words)
    for i in _spots(words, head):
        before = [w for w in words[max(0, i - 3) : i] if w not in STOPWORDS and w != "and"]
        if any(w not in typed and w not in VAGUE for w in before):
            return True
    return False
