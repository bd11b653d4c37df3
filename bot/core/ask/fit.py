"""Whether a passage that covers a question's words also answers its kind: a superlative needs a ranking
(never a passage), 'how many' a number next to the thing counted (and said of the relation asked), 'when'
a date, 'who' a name beside the role asked."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.ask.cover import SENTENCE, expansions, near_name, near_number
from bot.core.ask.lexicon import Lexicon, lexicon, named_spans
from bot.core.ask.question import FUTURE, Question
from bot.core.ask.reply import left
from bot.core.ask.words import NUMBER_WORDS, STOPWORDS, words_of

_SUPERLATIVE = frozenset("best top highest lowest fewest least most worst strongest leader leading winner".split())
_COMPARING = frozenset("better worse vs versus beat beats compare compared stronger weaker outperform".split())
_HAVING = frozenset({"have", "has", "had", "with", "reach", "reaching", "reaches"})
_SCORING = frozenset("score scores scored scoring rank ranks ranked place placed result results".split())
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_REASONS = frozenset("because since due reason reasons given thanks so".split())
_MEASURES = frozenset("big large long old fast tall heavy expensive cheap small wide deep high low".split())
_ROLES = frozenset("ceo cto cfo founder cofounder head president chief boss leader owner chair chairman".split())
_FUTURE_SAID = frozenset("will plans plan planned future next later soon upcoming going".split())
_NAME = re.compile(r"(?<![.!?]\s)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)+")


def fits(catalog: Catalog, question: Question, number: int) -> bool:
    """Whether a passage that covers the words also answers the kind of question: a superlative needs a
    ranking (never a passage), 'how many/much' a number next to the thing counted, 'when' a date."""
    lex = lexicon(catalog)
    passage = lex.passages[number]
    if (set(question.words) & _SUPERLATIVE) - lex.words[number]:  # 'the top user' is no ranking
        return False
    if set(question.words) & FUTURE and not _FUTURE_SAID & lex.words[number]:
        return False  # 'will X be open source', 'when will X ship': only what the source says of the future
    if question.of("benchmark") and set(question.words) & _SCORING:  # scores come from rankings, not passages
        return False
    for mention in (m for m in question.mentions if m.id not in passage.about and m.kind != "benchmark"):
        if not all(_in_sentence_with(catalog, lex, number, mention.id, w) for w in question.stated):
            return False  # named only in passing: 'lead its AI overhaul; Muse Spark is its first model'
    if "why" in question.words and not _REASONS & lex.words[number]:
        return False  # 'why is it closed': only a passage that gives a reason
    if question.has("how many", "how much", *(f"how {w}" for w in _MEASURES)) and not near_number(
            lex, number, frozenset().union(*(expansions(catalog, lex, w) for w in question.content))):
        return False  # 'how big is X' asks a number, not 'a big phrase'
    if question.has("how many", "how much"):
        near = frozenset().union(*(expansions(catalog, lex, w) for w in question.content))
        if question.words[-1] in _HAVING and not _HAVING & lex.words[number]:
            return False  # 'how many employees does Meta have' is not '85,000 Meta employees compete'
        return (near_number(lex, number, near) and not _named_after(lex, question, number, near)
                and _counted_agrees(catalog, lex, question, number))
    if "when" in question.words:
        if question.mentions and not all(
            any(near_name(catalog, lex, number, m.id, expansions(catalog, lex, w)) for m in question.mentions)
            for w in left(question, "when", "events")
        ):
            return False  # 'when was Meta founded' is not 'Meta ... creates Meta Superintelligence Labs'
        return bool(passage.when or _YEAR.search(passage.text))
    if "who" in question.words and passage.context:  # a sentence of a text: it must name someone else
        words = words_of(passage.text)
        spans = named_spans(lex, words)
        for role in (w for w in question.words if w in _ROLES):  # 'who is the CEO of Meta': Meta's, not Scale AI's
            places = [i for i, w in enumerate(words) if w == role]
            nearest = {min(spans, key=lambda s: min(abs(i - s[0]), abs(i - s[1])))[2] for i in places if spans}
            if not places or not nearest & {m.id for m in question.mentions}:
                return False
        return any(found not in {m.id for m in question.mentions} for _, _, found in spans) or bool(
            _NAME.search(passage.text[1:]))
    if "who" in question.words and question.mentions:  # 'who is the CEO of Meta': the role must sit by the name
        return all(m.id in passage.about for m in question.mentions) and all(
            near_name(catalog, lex, number, m.id, expansions(catalog, lex, w))
            for w in question.content for m in question.mentions)
    return True


def _in_sentence_with(catalog: Catalog, lex: Lexicon, number: int, record_id: str, word: str) -> bool:
    """Whether `word` (or a word standing for it) is in a sentence of the passage that names the record."""
    options = expansions(catalog, lex, word)
    passage = lex.passages[number]
    for sentence in SENTENCE.split(f"{passage.text} {passage.keywords}".strip()):
        words = words_of(sentence)
        if options.intersection(words) and any(found == record_id for _, _, found in named_spans(lex, words)):
            return True
    return False


_FUNCTION = frozenset("does do did can could has have had is are was were will would be been the a an of on "
                      "in at to for by with its their there".split())
_USE = frozenset({"use", "uses", "used", "using"})
_WINDOW = 10


def _counted_agrees(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """Counted-noun agreement: in 'how many <noun> <relation ...>' the passage's number must count that noun
    (within three words) and be said of the relation asked: a word of it within six words of the number
    ('how many people use Facebook' is not 'Meta fires 15,000 people'), and every relation word (even 'use')
    must be in the passage."""
    words = question.words
    starts = [i + 2 for i in range(len(words) - 1) if words[i] == "how" and words[i + 1] == "many"]
    if not starts:
        return True
    named = {w for m in question.mentions for w in m.words}
    after = [w for w in words[starts[0]:] if w not in named and w not in _FUNCTION]
    counted = after[0] if after and words[starts[0]] not in _FUNCTION else None
    relation = [w for w in (after[1:] if counted else after) if w not in STOPWORDS or w in _USE]
    text = words_of(lex.passages[number].text)

    def meets(asked: str, word: str) -> bool:
        shared = len(asked) if word.startswith(asked) else next(
            (i for i, (x, y) in enumerate(zip(asked, word)) if x != y), min(len(asked), len(word)))
        return word in expansions(catalog, lex, asked) or shared >= max(3, min(len(asked), 5))

    if not all(any(meets(r, w) for w in text) for r in relation if r in _USE):
        return False  # 'use' carries no fact to cover, but a count of users must say so
    if relation and words[-1] == relation[-1] and not any(meets(relation[-1], w) for w in text):
        return False  # 'how many people does Meta employ': the verb is said in the quoted sentence itself
    stated = [r for r in relation if any(meets(r, w) for w in text)]  # the others are covered by synonyms
    counts = frozenset(expansions(catalog, lex, counted)) if counted else None
    using = [r for r in stated if r in _USE]  # 'how many people use X': '3 billion users' counts them
    numbers = [i for i, w in enumerate(text) if (any(ch.isdigit() for ch in w) or w in NUMBER_WORDS)
               and (counts is None or any(t in counts or any(meets(r, t) for r in using)
                                          for t in text[max(0, i - 3) : i + 4]))]
    return any(not stated or any(meets(r, w) for r in stated for w in text[max(0, i - _WINDOW) : i + _WINDOW + 1])
               for i in numbers)


def _named_after(lex: Lexicon, question: Question, number: int, counted: frozenset[str]) -> bool:
    """Whether an organization or product the question typed sits, nearest the thing counted, after it
    ('3 billion users across Facebook, Instagram' counts no Instagram users; '85,000 Meta employees' does
    count Meta's)."""
    words = words_of(lex.passages[number].text)
    nouns = [i for i, w in enumerate(words) if w in counted]
    for mention in (m for m in question.mentions if m.kind == "org"):
        typed = normalize(" ".join(mention.words))
        size = len(mention.words)
        places = [i for i in range(len(words)) if normalize(" ".join(words[i : i + size])) == typed]
        if places and nouns:
            noun, place = min(((n, p) for n in nouns for p in places), key=lambda pair: abs(pair[0] - pair[1]))
            if place > noun:
                return True
    return False
