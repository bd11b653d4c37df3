"""Shaping what /ask says: an answer in a sentence with where it came from, or a decline."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.answer import Answer, Status
from bot.core.ask.cover import SENTENCE, closest, opposites
from bot.core.ask.lexicon import Passage, lexicon, named_spans
from bot.core.ask.question import FUTURE, INTENT_WORDS, NEGATIONS, Question
from bot.core.ask.weigh import QUALIFIERS, RECORD_SHARE, expansions, qualifiers, share, weights
from bot.core.ask.words import LIGHT, OPPOSED, OPPOSITES, REASONS, synonyms, words_of
from bot.core.text import date, quote, shorten, sources_footer


def unaccounted(question: Question, *kinds: str) -> list[str]:
    """The question's meaningful words that the vocabulary of these kinds of question does not account for."""
    vocabulary = set().union(*(INTENT_WORDS[k] for k in kinds), *(m.described for m in question.mentions))
    return [w for w in question.content if w not in vocabulary and w not in LIGHT]


_INTENT = frozenset().union(*INTENT_WORDS.values())


def left(catalog: Catalog, question: Question, *kinds: str) -> list[str]:
    """The words that keep a record's answer to these kinds of question from answering: none when the
    answer accounts for enough of the question (weigh.RECORD_SHARE), else every word it leaves; a word that
    names the thing asked for, or changes which value is meant ('last year'), is never left."""
    rest = [w for w in unaccounted(question, *kinds) if not (question.yesno and w in question.numbers)]
    if not rest or set(rest) & (set(question.focus) | QUALIFIERS | qualifiers(question) | _INTENT):
        return rest  # the thing asked, a value's qualifier, or another kind of question ('come out before')
    accounted = {w: 1.0 for w in question.content if w not in rest}
    weighed = weights(catalog, lexicon(catalog), question)
    return rest if share(question, weighed, accounted, record=True) < RECORD_SHARE else []


def reply(catalog: Catalog, sentence: str, lines: tuple[str, ...], origin: str, cited: list) -> Answer:
    """An answer: the sentence, any quoted statements, 'From: <command>', and the sources with as-of dates."""
    return Answer(title=shorten(sentence, 250), lines=(*lines, f"From: {origin}"),
                  footer=sources_footer(catalog, cited), suggestions=(origin,) if origin.startswith("/") else ())


_DIGITS = re.compile(r"\d[\d,.]*")


def quoted(catalog: Catalog, question: Question, passage: Passage) -> Answer:
    """The passage's sentence that holds most of the question's words, word for word ("The source says: “…”"),
    with its paragraph below it. A yes/no question gets "Yes." or "No." first: a number it states must be the
    passage's ('did Meta lay off 20,000 people?' No: 15,000), else the passage's polarity must be the
    question's (a 'not', 'no' or 'never' before the words asked about: 'It’s not available to everyone')."""
    lex = lexicon(catalog)
    wanted = frozenset().union(*(expansions(catalog, lex, w) for w in question.stated))
    named = frozenset(w for m in question.mentions for w in m.words if m.words != ("it",))
    sentences = SENTENCE.split(passage.text)

    heads = [expansions(catalog, lex, w) for w in question.slot.words] or (
        [REASONS] if question.slot.kind == "reason" else [])  # 'why': the sentence that gives the reason

    valued = question.slot.kind in ("money", "amount", "count")
    naming = question.slot.kind in ("person", "org") and not {"can", "could", "get", "gets"} & set(question.words)
    asked = {lex.subject, *(i for m in question.mentions for i in (m.id, m.id.split("#")[0]))}  # and 'it'

    def holding(sentence: str) -> tuple[bool, int, int, int, bool, int]:
        words = set(words_of(sentence))  # a value or name asked, the slot's words, most words asked, names, a 'no'
        value = valued and bool(_DIGITS.search(sentence)) or naming and any(  # 'which evaluator': its name
            found not in asked and found in catalog.organizations
            for _, _, found in named_spans(lex, words_of(sentence)))
        return (value, sum(1 for h in heads if h & words), len(wanted & words),
                len(named & words), question.yesno and not _holds(catalog, question, sentence, wanted),
                -sentences.index(sentence))

    chosen = max(sentences, key=holding)
    if passage.context:  # a sentence of a source's text, quoted as written; its date, if any, beside it
        shown = passage.when and ("when" in question.words or not _DIGITS.search(chosen[:20]))
        dated = f" ({date(passage.when)})" if shown else ""
        said = f"The source says{dated}: “{shorten(chosen, 230)}”"
    else:
        dated = f"{date(passage.when)}: " if passage.when else ""
        said = f"The source says: “{shorten(dated + chosen.rstrip('.'), 230)}”"
    if question.yesno and not set(question.words) & FUTURE and (wanted & set(words_of(chosen)) or not wanted):
        verdict = "Yes." if _holds(catalog, question, chosen, wanted) else "No."  # on what the quote itself says
        if verdict == "Yes." and passage.origin.startswith("/faq") and _OPENING.match(sentences[0]) and not (
                question.negated or OPPOSED & set(question.words)):
            verdict = "No."  # an FAQ entry says no first ('Not currently.'), to a question asked the same way
        said = f"{verdict} {said}"
    context = passage.context or (passage.text if len(sentences) > 1 or len(chosen) > 230 else "")
    shown = (context,) if context and context != chosen or len(chosen) > 230 else ()
    return reply(catalog, said, shown, passage.origin,
                 [(passage.source, passage.as_of)] if passage.source else [])


def _holds(catalog: Catalog, question: Question, sentence: str, wanted: frozenset[str]) -> bool:
    """Whether `sentence` says yes to the question: its numbers include those the question states; else the
    words the question negates ('without burning') are negated in it too, and no other word asked about is
    ('It’s not available to everyone' says no to 'is it available to everyone?')."""
    words = words_of(sentence)
    lex, held = lexicon(catalog), set(words)
    negated = _scope(sentence, _negating, 10)
    if any(opposites(lex, w) & held - negated and not expansions(catalog, lex, w) & held for w in question.content):
        return False  # it says the opposite: 'stock goes up' to 'did it go down', 'an icy reception' to 'well'
    if question.numbers:  # (the opposite first: 'did the stock tank after it fired 15,000' is not a yes)
        stated = _amounts(sentence)
        return all(_amount(n) in stated for n in question.numbers)

    asked = question.words
    targets = {asked[i + 1] for i, w in enumerate(asked[:-1]) if w in NEGATIONS and asked[i + 1] not in NEGATIONS}
    if question.negated and targets:
        return all(any(t.startswith(w[:4]) or w.startswith(t[:4]) for w in negated) for t in targets)
    if not wanted & set(words):
        return not any(_negating(w) for w in words[:4])  # nothing asked named: its opening ('Not currently.')
    if _negating(words[0]):
        return False  # 'Not ideal for: …', 'No. …', 'Not currently.': the sentence opens by saying no
    opposed = _scope(sentence, lambda w: w in OPPOSED, 10)
    opposing = {w for w in asked if w in OPPOSED or OPPOSED.intersection(synonyms(w))}  # 'weak': 'trails'
    if opposing:  # 'does it trail in coding': 'trails in coding' says yes; 'closed': 'not open'
        return not wanted & negated and bool(wanted & opposed) or any(
            OPPOSITES.get(w, frozenset()) & negated for w in opposing)
    return not wanted & negated and not wanted & opposed  # 'leads in health … but trails in coding'




_SCALED = re.compile(r"(\d[\d,]*(?:\.\d+)?)(?:\s*(thousand|million|billion|trillion)\b)?")
_WORD_SCALES = {"thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12}


def _amount(text: str) -> float | None:
    """A number as the question states it ('15,000', '$135,000,000,000', '3%'), or None."""
    try:
        return float(text.replace(",", "").strip("$%").rstrip("."))
    except ValueError:
        return None


def _amounts(sentence: str) -> set[float]:
    """The numbers a sentence states, as written and with their scale word ('$135 billion': 135 and 135e9)."""
    found = set()
    for digits, scale in _SCALED.findall(sentence):
        value = _amount(digits)
        if value is not None:
            found |= {value, value * _WORD_SCALES.get(scale, 1)}
    return found


_OPENING = re.compile(r"^(?:No|Not)\b")
_TURNS = frozenset("but while although though however yet whereas".split())


def _scope(sentence: str, opening, reach: int) -> set[str]:
    """The words a 'not' (or a 'trails') governs: up to `reach` words after it, within its clause, to where the
    clause turns ('but') ('won’t be available through OpenClaw or other third party agent frameworks'; '"was not
    a blocking concern" and flagged it' flags it)."""
    found: set[str] = set()
    for clause in _CLAUSE.split(sentence):
        words = words_of(clause)
        for i, word in enumerate(words):
            if opening(word):
                for after in words[i + 1 : i + 1 + reach]:
                    if after in _TURNS:
                        break
                    found.add(after)
    return found


_CLAUSE = re.compile(r"[,;!?“”\"()—–]|\.\s")


def _negating(word: str) -> bool:
    return word in NEGATIONS or word.endswith(("n’t", "n't"))


def decline(catalog: Catalog, question: Question, unsaid: str | None = None) -> Answer:
    """'The source does not say …', with the closest things it does say as suggestions."""
    near = closest(catalog, lexicon(catalog), question)
    said = unsaid or _unsaid(catalog, question)
    return Answer(
        title=f"The source does not say {said}.",
        status=Status.NOT_FOUND,
        lines=(("What it does say, closest first:", *(f"• {shorten(p.text, 200)}" for p in near)) if near else
               ("Try /faq, /timeline or /rank to see what the content covers.",)),
        suggestions=tuple(dict.fromkeys([*_their_models(catalog, question), *(p.origin for p in near)]))[:5]
        or ("/faq",),
        ephemeral=True,
    )


def _their_models(catalog: Catalog, question: Question) -> list[str]:
    """'/rank <model>' for the models of an organization or product the question names ('chatgpt' -> GPT-5.4)."""
    return [f"/rank {catalog.label(m)}" for org in question.of("org")
            for m in catalog.organization_models.get(org, ())[:2]]


_HOW = re.compile(r"^how (many|much) (.+?) (?:does|do|did) (.+?) (?:have|has|had|own|employ)\??$")


def _unsaid(catalog: Catalog, question: Question) -> str:
    """'how many parameters Muse Spark has' for 'how many parameters does muse spark have'; else the question."""
    if match := _HOW.match(" ".join(question.words)):
        subject = match.group(3)
        named = [m for m in question.mentions if " ".join(m.words) == subject]
        if named:
            label = _as_written(catalog, named[0].id, subject)
            return f"how {match.group(1)} {match.group(2)} {label} has"
    return quote(question.text.rstrip("?"), 120)


def _as_written(catalog: Catalog, record_id: str, typed: str) -> str:
    """The content's spelling of what was typed: a model's name, or an organization's name or product."""
    if record_id in catalog.models:
        return catalog.label(record_id)
    org = catalog.organizations.get(record_id)
    names = (org.name, *getattr(org, "products", ())) if org else ()
    return next((name for name in names if normalize(name) == normalize(typed)), typed)


NOT_A_VALUE = frozenset("money reason purpose place date name access events about kind define act thing".split())
"""Slots no score, rank or comparison fills ('how much does it cost', 'why', 'what titles')."""


def one(question: Question, kind: str) -> str | None:
    """The id of the one record of `kind` the question names, or None (none, or several); a mode named
    alone names its model ('hle score in contemplating mode')."""
    found = question.of(kind)
    if kind == "model" and not found:
        found = list(dict.fromkeys(mode.split("#")[0] for mode in question.of("mode")))
    return found[0] if len(found) == 1 else None
