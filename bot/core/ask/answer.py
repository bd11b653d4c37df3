"""Answering a question from the content, or declining honestly.

The decision rule: /ask answers only when (1) every word of the question that carries meaning is
accounted for, by a record it names (a model, benchmark or organization, exactly or with a typo that
keeps its digits; a multi-word name only if each typed word is a word of that name or a typo of one, so
'healthbench easy' is not HealthBench Hard), by the kind of question (when, open, who made, best, score,
compare, access), or by the text of the passage that answers it, (2) the content holds the value asked for
(a release date, a score, a maker, a stated passage on the named records and date), and (3) the answer
agrees with the question on:
  - entity: a passage is about every record the question names; a product typed ('llama') is named as
    itself, not inside a longer name ('Llama 4'); a passage whose subject is a model answers only a question
    naming that model or its maker, never one naming another model ('is claude open source' is not Muse
    Spark's FAQ entry); a founding word ('founded', 'created') belongs to the record named nearest it;
  - counted noun: 'how many <noun> <verb>' takes a number next to that noun, said with that verb ('how
    many people use Facebook' is not 'Meta fires 15,000 people');
  - date: a date in the question ('april 7', 'january 2025') is answered only by a passage or release of
    that date; scores, makers and descriptions carry no such date, so they decline;
  - kind: 'which models / what benchmarks' lists and 'where' places are never answered by a quote, the
    future ('will X be open source') only by what the source says of it.
Otherwise it declines: "The source does not say ..." with the closest things the content does say. Chat
mentions (@everyone, @here, <!channel>, <@U123>) are removed before the question is read.
"""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core.answer import Answer, Status
from bot.core.ask.cover import covering, expansions
from bot.core.ask.define import define
from bot.core.ask.facts import access, is_open, maker, when, which_open
from bot.core.ask.fit import fits
from bot.core.ask.lexicon import lexicon
from bot.core.ask.places import ahead_of, at_place, leads
from bot.core.ask.question import INTENT_WORDS, Question, parse
from bot.core.ask.ranking import best, compare, score
from bot.core.ask.reply import decline, left, quoted, reply
from bot.core.ask.yesno import yes_no
from bot.core.text import date, without_mentions

EXAMPLE = "/ask when was muse spark released"


def respond(catalog: Catalog, text: str) -> Answer:
    """The answer to `text`, or an honest decline. Never raises on odd input."""
    text = without_mentions(text)
    if not text.strip():
        return Answer(title="Ask a question in your own words", status=Status.BAD_INPUT, ephemeral=True,
                      lines=(f"For example {EXAMPLE}",), suggestions=(EXAMPLE,))
    if (entry := catalog.faq_names.get(text)) is not None:
        found = next(e for e in catalog.faq if e.id == entry)
        return reply(catalog, found.answer, (), f"/faq {found.question}", [(found.source, None)])
    question = parse(catalog, text)
    if any(_unknown_to_content(catalog, w) for w in question.focus):
        return decline(catalog, question)  # the thing asked for is nowhere in the content
    handlers = (yes_no, ahead_of, compare, at_place, leads, best, score, which_open, when, is_open, maker, access,
                define)
    if question.yesno:  # answered "Yes."/"No." from a record, else from a stated passage
        handlers = (yes_no, compare, at_place, best, score, which_open, when, maker)
    if question.date:  # a date asked: only dated passages (or a release on that date) can agree with it
        handlers = (yes_no, when)
    if "why" in question.words[:3]:  # a reason: no record holds one, only a passage that gives it
        handlers = ()
    for handler in handlers:
        result = handler(catalog, question)
        if result is not None:
            return result
    return _retrieve(catalog, question)


def _unknown_to_content(catalog: Catalog, word: str) -> bool:
    lex = lexicon(catalog)
    return not expansions(catalog, lex, word) & lex.index.keys() and word not in INTENT_WORDS_ALL


INTENT_WORDS_ALL = frozenset().union(*INTENT_WORDS.values())


def supports(catalog: Catalog, text: str, origin: str) -> bool:
    """Whether the passage shown by `origin` (e.g. '/faq <question>') accounts for every word of `text`
    that carries meaning and every record it names: the same rule /ask answers by."""
    lex = lexicon(catalog)
    question = parse(catalog, text)
    return any(lex.passages[n].origin == origin and fits(catalog, question, n)
               for _, n in covering(catalog, lex, question, question.stated, strict=False))


_COMPARING = frozenset("better worse vs versus beat beats compare compared stronger weaker outperform".split())
_LISTING = frozenset("model models benchmark benchmarks company companies lab labs organization organizations "
                     "product products".split())
_ASKING = frozenset("what who when how why which where is are does do did can will was were".split())
_PLACE = frozenset("located based built headquartered situated where".split())


def _retrieve(catalog: Catalog, question: Question) -> Answer:
    """Anything else: the best passage that accounts for every word and fits the kind of question, or a decline."""
    lex = lexicon(catalog)
    if not question.mentions and not question.date and (
        not question.content or (len(question.content) == 1 and not set(question.words) & _ASKING)
    ):
        return decline(catalog, question)
    happened = bool(question.date) or question.has("what happened")
    words = left(question, "events") if happened else question.stated
    if question.yesno:  # a number it states is a premise to check, not a word to find
        words = [w for w in words if w not in question.numbers]
    if not words and not happened and not _asks_something(question):
        return decline(catalog, question)  # a name alone asks nothing a quote could answer
    if len(words) < 2 and not question.yesno and not set(question.words) & _ASKING and not happened:
        return decline(catalog, question)  # 'muse spark benchmarks': too little to pick a sentence by
    if set(question.words) & _COMPARING or _asks_place(question) or _lists(question):
        return decline(catalog, question)  # passages do not compare (/compare does), name no place, list no records
    found = covering(catalog, lex, question, words, dated=bool(question.date))
    if question.date and not words:  # 'what happened in April': the events, else the text's dated sentences
        dated = [lex.passages[n] for _, n in sorted(found, key=lambda f: f[1]) if fits(catalog, question, n)]
        events = [p for p in dated if not p.context] or dated
        if not events:
            return decline(catalog, question)
        listed = "; ".join(f"{date(p.when)}: {p.text.split('. ')[0].rstrip('.')}" for p in events[:5])
        more = f" (and {len(events) - 5} more)" if len(events) > 5 else ""
        origin = "/timeline" if question.date.startswith("-") else f"/timeline {question.date[:7]}"
        return reply(catalog, listed + more, (), origin, [(p.source, p.as_of if p.context else None)
                                                          for p in events[:5]])
    best = next((n for _, n in found if fits(catalog, question, n)), None)  # best ranked first: stop at one
    return decline(catalog, question) if best is None else quoted(catalog, question, lex.passages[best])


def _lists(question: Question) -> bool:
    """Whether the question asks for a list of records ('which models does Meta make', 'what benchmarks are
    there'): a passage that happens to use the same words does not list them."""
    words = question.words
    return not (question.of("model") or question.of("benchmark")) and any(
        w in ("which", "what") and words[i + 1] in _LISTING for i, w in enumerate(words[:-1]))


def _asks_something(question: Question) -> bool:
    """Whether the question says something besides names and question words ('what did Apollo find')."""
    named = {i for m in question.mentions if m.at >= 0 for i in range(m.at, m.at + len(m.words))}
    return any(i not in named and w not in _ASKING for i, w in enumerate(question.words))


def _asks_place(question: Question) -> bool:
    """'Where is X (built)': a place, which no quote gives; 'where does X lead' asks in what, not where."""
    words = question.words
    return "where" in words and (words.index("where") + 1 < len(words) and words[words.index("where") + 1] in
                                 ("is", "are", "was", "were") or bool(set(words) & _PLACE - {"where"}))
