"""Answering a question from the content, or declining honestly.

The decision rule: /ask answers only when (1) every word of the question that carries meaning is
accounted for, by a record it names (a model, benchmark or organization, exactly or with a typo that
keeps its digits), by the kind of question (when, open, who made, best, score, compare, access), or by the
text of the passage that answers it, and (2) the content holds the value asked for (a release date, a
score, a maker, a stated passage on the named records and date). Otherwise it declines: "The source does
not say ..." with the closest things the content does say.
"""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.answer import Answer, Status
from bot.core.ask.cover import SENTENCE, covering, expansions, near_name, near_number
from bot.core.ask.lexicon import Lexicon, Passage, lexicon
from bot.core.ask.question import INTENT_WORDS, Question, parse, words_of
from bot.core.ask.ranking import best, compare, score
from bot.core.ask.reply import decline, left, one, reply
from bot.core.text import date, shorten

EXAMPLE = "/ask when was muse spark released"


def respond(catalog: Catalog, text: str) -> Answer:
    """The answer to `text`, or an honest decline. Never raises on odd input."""
    if not text.strip():
        return Answer(title="Ask a question in your own words", status=Status.BAD_INPUT, ephemeral=True,
                      lines=(f"For example {EXAMPLE}",), suggestions=(EXAMPLE,))
    if (entry := catalog.faq_names.get(text)) is not None:
        found = next(e for e in catalog.faq if e.id == entry)
        return reply(catalog, found.answer, (), f"/faq {found.question}", [(found.source, None)])
    question = parse(catalog, text)
    for handler in (compare, best, score, _when, _open, _maker, _access, _about):
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
               for _, n in covering(catalog, lex, question, question.content))


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
    if question.has("how many", "how much"):
        near = frozenset().union(*(expansions(catalog, lex, w) for w in question.content))
        if question.words[-1] in _HAVING and not _HAVING & lex.words[number]:
            return False  # 'how many employees does Meta have' is not '85,000 Meta employees compete'
        return near_number(lex, number, near) and not _named_after(lex, question, number, near)
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
    if model_id is not None and not left(question, "when") and len(question.mentions) == 1:
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
    if left(question, "open") or len(question.mentions) > 1:
        return None
    model = catalog.models[model_id]
    if model.open_weights is None:
        return decline(catalog, question, f"whether {model.name} is open weights")
    said = "is open weights" if model.open_weights else "is not open weights: it is closed"
    return reply(catalog, f"{model.name} {said}.", (), f"/compare {model.name}", [(model.source, model.as_of)])


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
    if question.date and not words:
        events = [lex.passages[n] for _, n in sorted(found, key=lambda f: f[1])]
        listed = "; ".join(f"{date(p.when)}: {p.text.split('. ')[0].rstrip('.')}" for p in events[:5])
        more = f" (and {len(events) - 5} more)" if len(events) > 5 else ""
        origin = "/timeline" if question.date.startswith("-") else f"/timeline {question.date[:7]}"
        return reply(catalog, listed + more, (), origin, [(p.source, None) for p in events[:5]])
    return _passage(catalog, question, lex.passages[found[0][1]])


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
