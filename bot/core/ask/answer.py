"""Answering a question from the content, or declining honestly.

The decision rule. The question is first made plain (chat filler, contractions and chat spellings:
'hey so whats …', 'ppl', '15k'), then /ask answers only when:
  (1) enough of the question is accounted for (weigh.py: idf-weighted words, names weighing more, at least
      RECORD_SHARE or PASSAGE_SHARE): by a record it names (a model, benchmark, organization or mode, exactly
      or with a typo that keeps its digits, so 'gpt-5' is not GPT-5.4; 'it' is the model the sources are
      about), by the kind of question (its slot: slot.py), or by the words of the passage quoted. A word
      nothing knows weighs little, but never when it names the thing asked for: 'how many parameters',
      'what is the price', 'context window', 'in europe' decline;
  (2) the content holds the value asked for: a release date, a score, a place, a maker, or a sentence of
      a source's text (or a curated fact) that holds the key words, about the named records, on the date;
  (3) the answer agrees with the question on entity (a passage is about every record named; a sentence's
      'it' is the one written of before; a product typed is named as itself; 'who is the CEO of Meta' is
      not Scale AI's CEO), counted noun ('how many people use Facebook' is not 'fires 15,000 people'),
      date (a month is not a day), kind ('what is X' gets X's own definition; lists and places are no
      quote; 'why' only a reason; 'will' only what is planned), and polarity (yes/no: "Yes."/"No." and the
      fact; a premise's number, 'closed', 'not', 'without', 'trails' read explicitly).
Records win where they hold the value (a number, date, rank or comparison is stated from the record);
anything else is quoted word for word from the passage, with its source and date. Otherwise it declines:
"The source does not say ..." with the closest things the content does say.
"""

from __future__ import annotations

from dataclasses import replace

from bot.content.catalog import Catalog
from bot.core.answer import Answer, Status
from bot.core.ask.cover import covering
from bot.core.ask.define import define
from bot.core.ask.facts import access, is_open, maker, when, which_open
from bot.core.ask.fit import fits
from bot.core.ask.lexicon import lexicon
from bot.core.ask.places import ahead_of, at_place, leads
from bot.core.ask.question import INTENT_WORDS, Question, parse
from bot.core.ask.ranking import best, compare, score
from bot.core.ask.reply import decline, one, quoted, reply, unaccounted
from bot.core.ask.slot import Slot
from bot.core.ask.weigh import expansions
from bot.core.ask.words import LIGHT, words_of
from bot.core.ask.yesno import yes_no
from bot.core.dates import scan
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
    if (unscored := _unscored_mode(catalog, question)) is not None:
        return decline(catalog, question, unscored)
    if _unnamed(catalog, question):  # 'healthbench (not hard)': another benchmark than the one named
        return decline(catalog, question)
    premise = question.date if question.slot.kind == "date" and question.words[:1] == ["when"] else None
    if premise:  # 'when were the layoffs, jan '26?': the date is a guess to confirm or correct, not a filter
        found = _answer(catalog, replace(question, date=None, when=None))
        return checked(found, premise) if found.ok else found
    found = _answer(catalog, question)
    model = catalog.models.get(one(question, "model") or "")
    stating = question.yesno or question.slot.kind in ("terse", "date")  # 'muse spark released april 7?'
    if not found.ok and stating and question.date and model and (model.released or model.released_note):
        asked = replace(question, date=None, when=None, yesno=False, slot=Slot("date", head=question.slot.head))
        dated = when(catalog, asked)
        return checked(dated, question.date) if dated is not None and dated.ok else found  # 'llama 4 came out in feb?'
    return found


def _answer(catalog: Catalog, question: Question) -> Answer:
    handlers = (yes_no, ahead_of, compare, at_place, leads, best, score, which_open, when, is_open, maker, access,
                define)
    if question.yesno:  # answered "Yes."/"No." from a record, else from a stated passage
        handlers = (yes_no, compare, at_place, best, score, which_open, when, maker)
    if question.date:  # a date asked: only dated passages (or a release on that date) can agree with it
        handlers = (yes_no, when)
    if "why" in question.words[:3]:  # a reason: no record holds one, only a passage that gives it
        handlers = ()
    if question.words[:1] in (["define"], ["explain"], ["describe"]):  # 'define gdpval': its definition
        handlers = (define,)
    for handler in handlers:
        result = handler(catalog, question)
        if result is not None:
            return result
    return _retrieve(catalog, question)


def checked(found: Answer, premise: str) -> Answer:
    """`found` with "Yes." or "No." first: whether the first date it states falls within the `premise` (a date's
    prefix: '2026-04', or '-04-07' for a day of any year); as it was when it states none."""
    readings, _ = scan(words_of(found.title))
    if not readings or readings[0].prefix is None:
        return found
    stated = readings[0].prefix
    agrees = stated.startswith(premise) or premise.startswith(stated) if not premise.startswith("-") else (
        stated[4 : 4 + len(premise)] == premise)
    return replace(found, title=f"{'Yes' if agrees else 'No'}. {found.title}")


def _unscored_mode(catalog: Catalog, question: Question) -> str | None:
    """What the source does not say when the question asks a benchmark's scores in a mode none of them was made
    in ('healthbench hard in contemplating mode'), else None."""
    modes = [m.split("#", 1)[1] for m in question.of("mode")]
    benches = [catalog.benchmarks[b] for b in question.of("benchmark")]
    if not modes or len(benches) != 1 or any(w in ("without", "not", "except", "outside") for w in question.words):
        return None
    made = {(s.mode or "").casefold() for s in catalog.rankings.get(benches[0].id, ())}
    if modes[0] in made:
        return None
    return f"what any model scores on {benches[0].name} in {modes[0].capitalize()} mode"


def _unnamed(catalog: Catalog, question: Question) -> bool:
    """Whether the question says 'not' (or 'without') before a word of a benchmark's name it gives."""
    words = question.words
    negated = {words[i + 1] for i, w in enumerate(words[:-1]) if w in ("not", "without", "excluding")}
    return any(negated & set(words_of(catalog.benchmarks[b].name.casefold())) for b in question.of("benchmark"))


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
_LISTING = frozenset("model models benchmark benchmarks companies labs organizations products".split())
"""Nouns of records ranked or listed: 'which model is best', 'which companies …'; 'which company was he at'
asks one, which a sentence can say."""
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
    after = question.words[question.words.index("happened") + 1 :][:4] if "happened" in question.words else []
    if happened and not question.date and after[:1] != ["to"] and set(after) & _RELATIVE:
        return decline(catalog, question)  # 'what happened the day before the launch': no passage orders events
    words = unaccounted(question, "events") if happened else question.stated
    if question.yesno:  # a number it states is a premise to check, not a word to find
        words = [w for w in words if w not in question.numbers]
    if not words and not happened and (not _asks_something(question) or question.slot.kind not in _DOING or all(
            m.kind == "benchmark" for m in question.mentions)):
        return decline(catalog, question)  # a name alone asks nothing a quote could answer (but 'what did X find')
    if len(words) < 2 and not question.yesno and not set(question.words) & _ASKING and not happened:
        return decline(catalog, question)  # 'muse spark benchmarks': too little to pick a sentence by
    if set(question.words) & _COMPARING or _asks_place(question) or _lists(question) and len(words) < 4:
        return decline(catalog, question)  # passages do not compare (/compare does), name no place, list no records
        # (unless a list is asked by what a sentence says of it: 'if I'm running autonomous agents, what models …')
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
    return any(i not in named and w not in _ASKING and w not in _EMPHASIS for i, w in enumerate(question.words))


_RELATIVE = frozenset("before after since until prior following".split())
"""Words that place an event against another ('the day before the launch'): events in order, which no quote gives."""
_DOING = frozenset({"act", "about", "events", "terse", "manner", "person", "yesno", "access", "model", ""})
"""Slots a passage about the records named answers with nothing else to find ('what did Apollo find')."""
_EMPHASIS = frozenset("exactly actually really just even precisely basically currently now here so then again "
                      "kind type sort".split()) | LIGHT
"""Words that ask nothing of their own ('what exactly is X', 'what kind of model is it')."""


def _asks_place(question: Question) -> bool:
    """'Where is X (built)': a place, which no quote gives; 'where does X lead' asks in what, not where."""
    words = question.words
    if question.slot.kind in ("standing", "access"):
        return False  # 'where is it weak': in what, not where
    return "where" in words and (words.index("where") + 1 < len(words) and words[words.index("where") + 1] in
                                 ("is", "are", "was", "were") or bool(set(words) & _PLACE - {"where"}))
