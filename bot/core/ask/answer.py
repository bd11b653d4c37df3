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

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.answer import Answer, Status
from bot.core.ask.cover import SENTENCE, covering, expansions, named_spans, near_name, near_number
from bot.core.ask.lexicon import Lexicon, Passage, lexicon
from bot.core.ask.question import INTENT_WORDS, STOPWORDS, Question, parse, words_of
from bot.core.ask.ranking import best, compare, score
from bot.core.ask.reply import decline, left, one, reply
from bot.core.text import date, shorten, without_mentions

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
    handlers = (compare, best, score, _which_open, _when, _open, _maker, _access, _about)
    if question.date:  # a date asked: only dated passages (or a release on that date) can agree with it
        handlers = (_when,)
    for handler in handlers:
        result = handler(catalog, question)
        if result is not None:
            return result
    return _retrieve(catalog, question)


def supports(catalog: Catalog, text: str, origin: str) -> bool:
    """Whether the passage shown by `origin` (e.g. '/faq <question>') accounts for every word of `text`
    that carries meaning and every record it names: the same rule /ask answers by."""
    lex = lexicon(catalog)
    question = parse(catalog, text)
    return any(lex.passages[n].origin == origin and fits(catalog, question, n)
               for _, n in covering(catalog, lex, question, question.content, strict=False))


_SUPERLATIVE = frozenset("best top highest lowest fewest least most worst strongest leader leading winner".split())
_COMPARING = frozenset("better worse vs versus beat beats compare compared stronger weaker outperform".split())
_HAVING = frozenset({"have", "has", "had", "with", "reach", "reaching", "reaches"})
_SCORING = frozenset("score scores scored scoring rank ranks ranked place placed result results".split())
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")


def fits(catalog: Catalog, question: Question, number: int) -> bool:
    """Whether a passage that covers the words also answers the kind of question: a superlative needs a
    ranking (never a passage), 'how many/much' a number next to the thing counted, 'when' a date."""
    lex = lexicon(catalog)
    passage = lex.passages[number]
    if set(question.words) & _SUPERLATIVE:
        return False
    if question.of("benchmark") and set(question.words) & _SCORING:  # scores come from rankings, not passages
        return False
    for mention in (m for m in question.mentions if m.id not in passage.about and m.kind != "benchmark"):
        if not all(_in_sentence_with(catalog, lex, number, mention.id, w) for w in question.content):
            return False  # named only in passing: 'lead its AI overhaul; Muse Spark is its first model'
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
_WINDOW = 6


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
    stated = [r for r in relation if any(meets(r, w) for w in text)]  # the others are covered by synonyms
    counts = frozenset(expansions(catalog, lex, counted)) if counted else None
    using = [r for r in stated if r in _USE]  # 'how many people use X': '3 billion users' counts them
    numbers = [i for i, w in enumerate(text) if any(ch.isdigit() for ch in w)
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


def _when(catalog: Catalog, question: Question) -> Answer | None:
    """'When was X released': the model's date at its precision; else the dated event that covers the words."""
    if not set(question.words) & {"when", "date", "released", "launched", "release", "launch"}:
        return None
    model_id = one(question, "model")
    if model_id is not None and not left(question, "when") and len(question.mentions) == 1 and (
        not question.date or (catalog.models[model_id].released or "").startswith(question.date)
    ):
        model = catalog.models[model_id]
        note = getattr(model, "released_note", None)
        if not model.released and note:
            return reply(catalog, note, (), f"/rank {model.name}", [(model.source, model.as_of)])
        if model.released:
            at = "on" if len(model.released) == 10 else "in"
            return reply(catalog, f"{model.name} was released {at} {date(model.released)}.",
                         (note,) if note else (), f"/rank {model.name}", [(model.source, model.as_of)])
    words = [w for w in left(question, "events", "when") if w not in {"day", "year", "month", "time"}]
    found = covering(catalog, lexicon(catalog), question, words, dated=True)
    found = [f for f in found if fits(catalog, question, f[1])]
    if found:
        return _passage(catalog, question, lexicon(catalog).passages[found[0][1]])
    if model_id is not None and not words:
        return decline(catalog, question, f"when {catalog.models[model_id].name} was released")
    return decline(catalog, question)


def _open(catalog: Catalog, question: Question) -> Answer | None:
    """'Is X open source / open weights / downloadable'."""
    model_id = one(question, "model")
    if model_id is None or not set(question.words) & {"open", "weights", "download", "closed"}:
        return None
    if left(question, "open") or len(question.mentions) > 1 or set(question.words) & _FUTURE:
        return None  # 'will X be open source' asks about the future: a stated passage, or a decline
    model = catalog.models[model_id]
    if model.open_weights is None:
        return decline(catalog, question, f"whether {model.name} is open weights")
    said = "is open weights" if model.open_weights else "is not open weights: it is closed"
    return reply(catalog, f"{model.name} {said}.", (), f"/compare {model.name}", [(model.source, model.as_of)])


def _which_open(catalog: Catalog, question: Question) -> Answer | None:
    """'Which models are open weights / closed': the models whose open-weights field says so."""
    words = set(question.words)
    if question.mentions or not words & {"which", "what"} or not words & {"open", "closed", "weights"}:
        return None
    if left(question, "open") or not words & {"model", "models"}:
        return None
    wanted = not ("closed" in words or words & {"not", "aren't", "isn't"})
    found = [m for m in catalog.models.values() if m.open_weights is wanted]
    if not found:
        return decline(catalog, question)
    names = ", ".join(m.name for m in found)
    unknown = [m.name for m in catalog.models.values() if m.open_weights is None]
    said = "open weights" if wanted else "closed (not open weights)"
    verb = "is" if len(found) == 1 else "are"
    note = (f"The source does not say for {', '.join(unknown)}.",) if unknown else ()
    return reply(catalog, f"Of the models the source covers, {names} {verb} {said}.", note,
                 f"/compare {found[0].name}", [(m.source, m.as_of) for m in found])


def _maker(catalog: Catalog, question: Question) -> Answer | None:
    """'Who made X'."""
    model_id = one(question, "model")
    if model_id is None or "who" not in question.words and not set(question.words) & {"maker", "company", "lab"}:
        return None
    if left(question, "maker") or len(question.mentions) > 1:
        return None
    model = catalog.models[model_id]
    if not model.maker:
        return decline(catalog, question, f"who makes {model.name}")
    return reply(catalog, f"{model.name} is made by {catalog.label(model.maker)}.", (), f"/compare {model.name}",
                 [(model.source, model.as_of)])


def _access(catalog: Catalog, question: Question) -> Answer | None:
    """'Does X have an API / where can I use X': the availability the content states."""
    model_id = one(question, "model")
    if model_id is None or not set(question.content) & INTENT_WORDS["access"] or left(question, "access"):
        return None
    if len(question.mentions) > 1:
        return None
    model = catalog.models[model_id]
    if not model.availability:
        return decline(catalog, question, f"how {model.name} is available")
    return reply(catalog, f"{model.name}: {model.availability}", (), f"/compare {model.name}",
                 [(model.source, model.as_of)])


_FUTURE = frozenset("will plan plans planned future going later someday eventually".split())
_LISTING = frozenset("model models benchmark benchmarks company companies lab labs organization organizations "
                     "product products".split())
_ASKING = frozenset("what who when how why which where is are does do did can will was were".split())
_DESCRIBE = frozenset("what is are was describe explain about mean means measure measures meant define".split())
_DESCRIBING = frozenset("what who describe explain tell define".split())


def _about(catalog: Catalog, question: Question) -> Answer | None:
    """'What is X?': the record's own description (a benchmark's measure, an organization's first fact)."""
    if len(question.mentions) != 1 or set(question.content) - _DESCRIBE or not set(question.words) & _DESCRIBING:
        return None
    record_id = question.mentions[0].id
    if (bench := catalog.benchmarks.get(record_id)) is not None and bench.measures:
        return reply(catalog, f"{bench.name}: {bench.measures}", (), f"/rank {bench.name}", [])
    record = catalog.organizations.get(record_id) or catalog.models.get(record_id)
    if record is None or not record.facts:
        return None
    fact = record.facts[0]
    return reply(catalog, f"{record.name}: {fact.text}", (), f"/timeline {record.name}", [(fact.source, fact.as_of)])


def _retrieve(catalog: Catalog, question: Question) -> Answer:
    """Anything else: the best passage that accounts for every word and fits the kind of question, or a decline."""
    lex = lexicon(catalog)
    if not question.mentions and not question.date and (
        not question.content or (len(question.content) == 1 and not set(question.words) & _ASKING)
    ):
        return decline(catalog, question)
    words = left(question, "events") if question.date or question.has("what happened") else question.content
    found = covering(catalog, lex, question, words, dated=bool(question.date))
    found = [f for f in found if fits(catalog, question, f[1])]
    if not found or set(question.words) & _COMPARING:  # passages do not compare; /compare does
        return decline(catalog, question)
    if "where" in question.words or _lists(question):  # a quote names no place, and lists no records
        return decline(catalog, question)
    if question.date and not words:
        events = [lex.passages[n] for _, n in sorted(found, key=lambda f: f[1])]
        listed = "; ".join(f"{date(p.when)}: {p.text.split('. ')[0].rstrip('.')}" for p in events[:5])
        more = f" (and {len(events) - 5} more)" if len(events) > 5 else ""
        origin = "/timeline" if question.date.startswith("-") else f"/timeline {question.date[:7]}"
        return reply(catalog, listed + more, (), origin, [(p.source, None) for p in events[:5]])
    return _passage(catalog, question, lex.passages[found[0][1]])


def _lists(question: Question) -> bool:
    """Whether the question asks for a list of records ('which models does Meta make', 'what benchmarks are
    there'): a passage that happens to use the same words does not list them."""
    words = question.words
    return not (question.of("model") or question.of("benchmark")) and any(
        w in ("which", "what") and words[i + 1] in _LISTING for i, w in enumerate(words[:-1]))


def _passage(catalog: Catalog, question: Question, passage: Passage) -> Answer:
    """The passage's sentence that holds most of the question's words, quoted; the whole passage below it."""
    lex = lexicon(catalog)
    wanted = frozenset().union(*(expansions(catalog, lex, w) for w in question.content))
    sentences = SENTENCE.split(passage.text)
    chosen = max(sentences, key=lambda s: (len(wanted.intersection(words_of(s))), -sentences.index(s)))
    said = f"{date(passage.when)}: {chosen}" if passage.when else chosen
    return reply(catalog, f"The source says: “{shorten(said.rstrip('.'), 230)}”",
                 (passage.text,) if len(sentences) > 1 else (), passage.origin,
                 [(passage.source, passage.as_of)] if passage.source else [])
