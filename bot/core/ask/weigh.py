"""How much of a question an answer accounts for. Each meaningful word weighs by how rare it is in the content
(its idf, relative to the mean); a name the question gives weighs more; an unknown word weighs little when it
reads as a modifier or a verb ('silly', 'throwing'), and like a name when it reads as one ('zuckerberg').
An answer accounts for a word when it holds the word or one standing for it (the same stem, a close spelling,
a synonym), and for a sentence of a text, half as much when only its neighbours do. The share accounted for
decides: the thresholds below were chosen on the labelled set (bench/ask_thresholds.py sweeps them).
"""

from __future__ import annotations

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.catalog import Catalog
from bot.core.ask.lexicon import Lexicon
from bot.core.ask.question import Question
from bot.core.ask.slot import KINDS
from bot.core.ask.words import LIGHT, stem, synonyms

NAME = 2.0
"""The weight of a record the question names, and of an unknown word that reads as a name."""
SOFT = 0.5
"""The weight of an unknown word that reads as a modifier or a verb."""
NEAR = 0.5
"""How much a word in a sentence's neighbours (not the sentence itself) accounts for."""
RECORD_SHARE = 0.7
"""The least share of a question a record's answer must account for."""
PASSAGE_SHARE = 0.7
"""The least share of a question a quoted sentence must account for."""
WORD_CUTOFF = 0.79
"""Least similarity for a word the content never uses to count as a typo of one it does."""
QUALIFIERS = frozenset("year years month months week weeks today yesterday tomorrow ago previous next earlier later "
                       "future average mean median combined sum peak daily weekly monthly yearly annual projected "
                       "expected estimated initial original final".split())
"""Words that change which value is meant ('last year', 'the average score'): never left unaccounted for."""
AGGREGATES = frozenset("average mean median combined sum peak daily weekly monthly yearly annual projected expected "
                       "estimated initial original final".split())
"""Qualifiers that make a value another one ('the average user's tokens' is not the top user's): a quoted
sentence must say them too."""


def qualifiers(question: Question) -> frozenset[str]:
    """The question's qualifiers of a value: words like 'average' or 'yearly', and what comes after 'per' ('tokens
    per answer', 'per employee'), which make it another value."""
    words = question.words
    return frozenset({*(w for w in question.content if w in AGGREGATES),
                      *(words[i + 1] for i, w in enumerate(words[:-1]) if w == "per")})


def expansions(catalog: Catalog, lex: Lexicon, word: str) -> frozenset[str]:
    """Passage words that stand for `word`: itself, the same stem, a close spelling, or a synonym."""
    known = lex.expanded.get(word)
    if known is not None:
        return known
    if len(lex.expanded) > 5000:
        lex.expanded.clear()
    known = lex.expanded[word] = _expand(catalog, lex, word)
    return known


def _expand(catalog: Catalog, lex: Lexicon, word: str) -> frozenset[str]:
    found = {word}
    content: dict = getattr(catalog, "synonyms", None) or {}
    found.update(content.get(word, ()))
    near = set(synonyms(word)) - found
    found.update(near)
    found.update(key for key, means in content.items() if word in means)
    for token in list(found):  # a near-synonym's forms, not its derivations ('development' is not 'developers')
        found.update(v for v in lex.stems.get(stem(token), ())
                     if token not in near or _shared(v, token) >= len(token) - 3)
        if len(token) >= 5 and not any(ch.isdigit() for ch in token):
            found.update(v for v in lex.prefixes.get(token[:5], ())  # 'efficient' meets 'efficiency', not 'multi'
                         if _shared(v, token) >= max(5, max(len(v), len(token)) - 3))
    if not found & lex.index.keys() and len(word) >= 5 and not any(ch.isdigit() for ch in word):
        for token in list(found):  # a word the content never uses: a typo of one it does?
            spread = max(1, len(token) // 5)
            similar = [v for n in range(len(token) - spread, len(token) + spread + 1) for v in lex.by_length.get(n, ())]
            found.update(m for m, _, _ in process.extract(token, similar, scorer=OSA.normalized_similarity,
                                                          score_cutoff=WORD_CUTOFF, limit=5))
    return frozenset(found)


def _shared(a: str, b: str) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def weight(catalog: Catalog, lex: Lexicon, question: Question, word: str) -> float:
    """How much `word` of `question` weighs (0 for light words)."""
    if word in LIGHT:
        return 0.0
    if word in question.strange:
        return NAME
    if word in question.soft:
        return SOFT
    idf = max((lex.idf[t] for t in expansions(catalog, lex, word) if t in lex.idf), default=0.0)
    if not idf:
        return 1.0  # a word of the questions' vocabulary ('released'), not of the content
    return min(2.0, max(0.5, idf / lex.mean_idf))


def weights(catalog: Catalog, lex: Lexicon, question: Question) -> dict[str, float]:
    """The weight of each meaningful word of the question (a yes/no question's numbers are its premise, checked
    on their own, not words to find)."""
    slot = question.slot
    return {w: weight(catalog, lex, question, w) for w in question.content
            if not (question.yesno and w in question.numbers)
            and not (w == slot.head and w in KINDS and slot.kind not in ("count", "thing"))}


def _after_name(question: Question, record_id: str) -> int:
    """The position after the record's name in the question."""
    mention = next(m for m in question.mentions if m.id == record_id)
    return mention.at + len(mention.words)


def share(question: Question, weighed: dict[str, float], accounted: dict[str, float],
          named: dict[str, float] | None = None, record: bool = False) -> float:
    """The weighted share of the question accounted for: its names (by entity agreement; `named` may give
    less for a record only meant, not named) and its meaningful words (`weighed`), each by the part
    `accounted` gives it (1 held, NEAR in a neighbour, 0 not). A yes/no question's names weigh little: its
    verdict rests on the words it asserts (unless a `record`'s answer checks the premise itself), but the
    subject of 'is X the Y' weighs as a name: 'Z is the end goal' says nothing of X."""
    ids = {m.id for m in question.mentions}
    each = SOFT if question.yesno and not record else NAME
    weight = dict.fromkeys(ids, each)
    if each == SOFT and question.words[0] in ("is", "are", "was", "were"):
        weight.update((m.id, NAME) for m in question.mentions if m.at == 1 and question.words[
            _after_name(question, m.id) :][:1] in (["the"], ["a"], ["an"]))
    names = sum(weight[i] * (named or {}).get(i, 1.0) for i in ids)
    total = sum(weight.values()) + sum(weighed.values())
    if not total:
        return 1.0
    return (names + sum(w * accounted.get(word, 0.0) for word, w in weighed.items())) / total
