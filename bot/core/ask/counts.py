"""The checks of a count, an amount or a sum of money (fit.py's, for the slots 'how many', 'how much',
'what does it cost'): a number next to the thing counted, said of the relation asked and of the records named
('how many people use Facebook' is not 'Meta fires 15,000 people'), a dollar amount by the words asked."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.ask.cover import near_number
from bot.core.ask.lexicon import Lexicon, named_spans
from bot.core.ask.question import Question
from bot.core.ask.slot import MONEY
from bot.core.ask.weigh import expansions
from bot.core.ask.words import NUMBER_WORDS, STOPWORDS, words_of

_HAVING = frozenset({"have", "has", "had", "with", "reach", "reaching", "reaches"})
_PRICES = frozenset("price prices cost costs fee fees priced pricing".split())

def options(catalog: Catalog, lex: Lexicon, words) -> frozenset[str]:
    return frozenset().union(*(expansions(catalog, lex, w) for w in words)) if words else frozenset()


def count(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    near = options(catalog, lex, question.content)
    if question.words[-1] in _HAVING and not _HAVING & lex.words[number]:
        return False  # 'how many employees does Meta have' is not '85,000 Meta employees compete'
    return (near_number(lex, number, near) and not _named_after(lex, question, number, near)
            and _counted_agrees(catalog, lex, question, number) and _said_of(lex, question, number))


def _said_of(lex: Lexicon, question: Question, number: int) -> bool:
    """Whether the sentence's numbers sit by the records the question names, where it names them
    ('Contemplating mode is … Feynman (runs four research agents …)' counts Feynman's agents), and by any
    other name the question gives, in the same clause ('OpenClaw (chains skills together)' counts no agents)."""
    passage = lex.passages[number]
    words = words_of(passage.text)
    spans = named_spans(lex, words)
    numbers = [i for i, w in enumerate(words) if any(ch.isdigit() for ch in w) or w in NUMBER_WORDS]
    for mention in (m for m in question.mentions if m.kind != "benchmark"):
        places = [(s, e) for s, e, found in spans if found == mention.id or found.split("#")[0] == mention.id]
        if places and not any(min(abs(i - s), abs(i - e)) <= 8 for i in numbers for s, e in places):
            return False
        if not places and mention.id not in (lex.subject, passage.subject) and _NAMING.search(passage.text):
            return False  # the sentence counts for another name it gives ('Feynman runs four …')
    for clause in _CLAUSES.split(passage.text):
        named = {w.casefold() for w in _CAPITALISED.findall(clause)} & set(question.content)
        if named and not any(any(ch.isdigit() for ch in w) or w in NUMBER_WORDS for w in words_of(clause)):
            return False  # 'how many agents does OpenClaw chain': OpenClaw's clause counts nothing
    return True


_CLAUSES = re.compile(r"[,;()]|\.\s")
_CAPITALISED = re.compile(r"\b[A-Z][a-z]+[A-Z]\w*|\b[A-Z][a-z]{2,}\b")
_NAMING = re.compile(r"^(?!It\b|Its\b|They\b|The\b)[A-Z][\w-]+(?: [A-Z][\w.-]+)*\s+[a-z]+s\b")
"""A sentence that opens on a name and its verb ('Feynman runs …'): it counts for that name."""


def number_near(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """'how much did the stock go up', 'how big is X': a number next to the word asked about (not 'a big
    phrase'; not the date of the launch 'after the launch' names)."""
    asked = [w for w in (*question.slot.words, question.slot.head) if w] or question.content
    return near_number(lex, number, options(catalog, lex, asked))


def money(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """An amount of money, by the words asked ('spending $135 billion on AI'); a price only where the
    sentence speaks of one ('what is Meta's stock price' is not what Meta spends)."""
    text = lex.passages[number].text
    if question.slot.head in _PRICES and not _PRICES & lex.own[number]:
        return False
    words = words_of(text)
    amounts = [i for i, w in enumerate(words) if w.startswith("$") and any(ch.isdigit() for ch in w)]
    asked = [expansions(catalog, lex, w) for w in question.content if w not in MONEY and w not in question.soft]
    return bool(amounts) and all(any(abs(i - j) <= 6 for i in amounts for j, w in enumerate(words) if w in options)
                                 for options in asked if options & lex.own[number])


_FUNCTION = frozenset("does do did can could has have had is are was were will would be been the a an of on "
                      "in at to for by with its their there".split())
_USE = frozenset({"use", "uses", "used", "using"})
_WINDOW = 10


def _counted_agrees(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """Counted-noun agreement: in 'how many <noun> <relation ...>' the passage's number must count that noun
    (within three words) and be said of the relation asked: at least half of its words within ten words of
    the number ('how many people use Facebook' is not 'Meta fires 15,000 people')."""
    words = question.words
    starts = [i + 2 for i in range(len(words) - 1) if words[i] == "how" and words[i + 1] == "many"]
    if not starts:
        return True
    named = {w for m in question.mentions for w in m.words}
    after = [w for w in words[starts[0]:] if w not in named and w not in _FUNCTION]
    counted = question.slot.head or None
    relation = [w for w in after if w != counted and (w not in STOPWORDS or w in _USE) and w not in question.soft]
    text = words_of(lex.passages[number].text)

    def meets(asked: str, word: str) -> bool:
        shared = len(asked) if word.startswith(asked) else next(
            (i for i, (x, y) in enumerate(zip(asked, word)) if x != y), min(len(asked), len(word)))
        return word in expansions(catalog, lex, asked) or shared >= max(3, min(len(asked), 5))

    if counted in words and words[words.index(counted) + 1 : words.index(counted) + 2] in (["did"], ["do"], ["does"]):
        relation = [r for r in relation if r not in _USE]  # 'how many doctors did Meta use': Meta uses them
    if not all(any(meets(r, w) for w in text) for r in relation if r in _USE):
        return False  # 'use' carries no fact to cover, but a count of users must say so
    if relation and words[-1] == relation[-1] and not any(meets(relation[-1], w) for w in text):
        return False  # 'how many people does Meta employ': the verb is said in the quoted sentence itself
    stated = [r for r in relation if any(meets(r, w) for w in text)]
    around = words_of(lex.passages[number].keywords)  # the sentences beside it ('Nimbus 2 …. It supports 40 …')
    if relation and 2 * len([r for r in relation if r in stated or any(meets(r, w) for w in around)]) < len(relation):
        return False  # the count must be said of what was asked, not of another relation
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
