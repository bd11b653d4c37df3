"""The decision rule's core: which stated passages cover every word of a question that carries meaning."""

from __future__ import annotations

import re
from collections import defaultdict
from bisect import bisect_left
from functools import lru_cache

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.ask.lexicon import Lexicon, Passage, clauses, named_spans
from bot.core.ask.question import Question
from bot.core.ask.search import ranked
from bot.core.ask.slot import KINDS
from bot.core.ask.weigh import NEAR, PASSAGE_SHARE, expansions, share, weights
from bot.core.ask.words import NUMBER_WORDS, OPPOSITES, stem, words_of

SENTENCE = re.compile(r"(?<=[.;])\s+(?=\S)")
_YEAR = re.compile(r"^(?:19|20)\d\d(?:s)?$")


def near_number(lex: Lexicon, number: int, options: frozenset[str]) -> bool:
    """Whether passage `number` states a number within three words of one of `options`."""
    words = words_of(lex.passages[number].text)
    spots = [i for i, w in enumerate(words)
             if (any(ch.isdigit() for ch in w) or w in NUMBER_WORDS) and not _YEAR.match(w)
             and not (i and normalize(words[i - 1] + w) in lex.names)]  # neither a year nor a name's version
    return any(abs(i - j) <= 3 for i, w in enumerate(words) if w in options for j in spots)


_FOUNDING = frozenset("found founded founding founder founders create created creates creating creation start "
                      "started starts establish established forms formed form".split())


def near_name(catalog: Catalog, lex: Lexicon, number: int, record_id: str, options: frozenset[str]) -> bool:
    """Whether passage `number` has one of `options` within four words of the record's name."""
    for sentence in SENTENCE.split(lex.passages[number].text):
        words = words_of(sentence)
        spans = named_spans(lex, words)
        for i, w in ((i, w) for i, w in enumerate(words) if w in options):
            gaps = [(min(abs(i - start), abs(i - end)), found) for start, end, found in spans]
            mine = [gap for gap, found in gaps if found == record_id and gap <= 4]
            # a founding word must belong to this record: no other name sits closer to it ('Meta poaches
            # Wang from Scale AI and creates Meta Superintelligence Labs' creates the lab, not Scale AI)
            if mine and not (w in _FOUNDING and any(gap < min(mine) for gap, found in gaps if found != record_id)):
                return True
    return False


def is_about(lex: Lexicon, number: int, record_id: str) -> bool:
    """Whether passage `number` is about the record: it says so, or its text names it."""
    passage = lex.passages[number]
    if record_id in passage.about:
        return True
    grams = lex.grams.get(number)
    if grams is None:
        words = words_of(f"{passage.text} {passage.keywords}")
        grams = lex.grams[number] = frozenset(
            normalize(" ".join(words[i : i + size])) for size in (1, 2, 3, 4) for i in range(len(words)))
    return any(label in grams for label in lex.labels.get(record_id, ()))


def covering(catalog: Catalog, lex: Lexicon, question: Question, words: list[str],
             dated: bool = False, strict: bool = True) -> list[tuple[float, int]]:
    """(share, passage number) of every passage that accounts for enough of the question (weigh.share, at
    least PASSAGE_SHARE: `words` are the ones to find, the others are accounted for by the kind of question),
    holds one of `words` itself, and is about every record the question names (and falls on its date, if it
    names one); best first: the share, then rapidfuzz's ranking of the words as passages write them."""
    if not words and not question.mentions and not question.date:
        return []
    wanted = {w: expansions(catalog, lex, w) for w in dict.fromkeys(words)}
    candidates: set[int] = set()
    for options in wanted.values():
        for token in options:
            candidates.update(lex.index.get(token, ()))
    if not wanted and question.date and not question.date.startswith("-"):
        start = bisect_left(lex.dated, (question.date, -1))
        end = bisect_left(lex.dated, (question.date + "\uffff", -1), lo=start)
        candidates = {number for _, number in lex.dated[start:end]}
    elif not wanted:
        candidates = set(range(len(lex.passages)))
    weighed = weights(catalog, lex, question)
    given = {w: 1.0 for w in question.content if w not in wanted}
    speaking = wanted if not question.yesno else {  # 'did the stock go down': 'stock goes up' speaks of it, to say no
        w: options | opposites(lex, w) | _same_kind(w) for w, options in wanted.items()}
    holds: dict[int, set[str]] = defaultdict(set)  # passage -> the words asked that its text or keywords hold
    for w, options in speaking.items():
        for token in options:
            for n in lex.index.get(token, ()):
                holds[n].add(w)
    found: dict[int, float] = {}
    best: dict[frozenset[str], float] = {}  # the most a passage holding these words could account for
    for n in candidates:
        held = frozenset(holds.get(n, ()))
        if held not in best:  # a word a passage does not hold is never accounted for: skip what cannot reach
            best[held] = share(question, weighed, given | dict.fromkeys(held, 1.0))
        if best[held] < PASSAGE_SHARE or any(f" {p} " not in lex.joined[n] for p in question.phrases) or (
                dated and not lex.passages[n].when) or (question.date and not _on(lex.passages[n], question.date)) or (
                not agrees(lex, question, n, strict)):  # before the clauses are weighed: the cheaper test
            continue
        part = max((share(question, weighed, given | accounted, named)
                    for accounted, named in _units(lex, question, speaking, n)), default=0.0)
        if part >= PASSAGE_SHARE:
            found[n] = part
    query = " ".join(sorted({stem(t) for options in wanted.values() for t in options}))
    order = {n: i for i, (_, n) in enumerate(ranked(query, {n: lex.stemmed[n] for n in found}))}
    spoken = {n: _speaks_of(lex, question, n) for n in found}
    return sorted(((part, n) for n, part in found.items()),
                  key=lambda item: (-round(item[0], 6), not spoken[item[1]], order[item[1]]))


def _speaks_of(lex: Lexicon, question: Question, number: int) -> bool:
    """Whether the sentence itself speaks of the records named: names them, is their fact, or means them by
    'it'; among passages that account for as much, these come first ('what is X built with')."""
    text = lex.passages[number].text
    return all(_names(lex, number, m.id, None) or m.id == lex.passages[number].subject or (
        m.id in lex.passages[number].about and _IT.search(text)) for m in question.mentions)


_IT = re.compile(r"\b(?:[Ii]t|[Ii]ts)\b")


def _units(lex: Lexicon, question: Question, wanted: dict[str, frozenset[str]], number: int):
    """(words accounted for, names accounted for) by the passage: by its own text (a word only in its
    neighbours counts NEAR; a record it is about without naming it, NEAR); for a yes/no question, by each of
    its clauses, since a verdict must rest on one statement ('Feynman (runs four agents) and OpenClaw (…)'
    says nothing of running OpenClaw)."""
    passage, near = lex.passages[number], lex.words[number]
    faq = passage.origin.startswith("/faq")  # an FAQ entry answers its listed questions as a whole
    units = clauses(lex, number) if question.yesno and not faq else [(lex.own[number], None)]
    for own, grams in units:
        accounted = {w: 1.0 if options & own else NEAR if options & near else 0.0 for w, options in wanted.items()}
        if wanted and not any(part == 1.0 for part in accounted.values()):
            continue  # the sentence itself must say something asked, not only its neighbours
        if question.yesno and any(accounted.get(w, 1.0) < 1.0 for w in question.slot.words if w not in question.soft):
            continue  # a verdict rests on a statement of what is asserted: its verb and objects, in one clause
        named = {m.id: 1.0 if _means(lex, number, m.id, grams) else 0.0 if question.yesno else NEAR
                 for m in question.mentions}
        if grams is not None and _of_another_model(lex, question, grams, named):
            continue  # 'is GPT-5.4 available through OpenClaw': 'Muse Spark won't be …' is another model's
        yield accounted, named


def _of_another_model(lex: Lexicon, question: Question, grams: frozenset[str], named: dict[str, float]) -> bool:
    """Whether a clause names a model, and not the one a yes/no question names first (as typed, not 'it')."""
    subject = next((m.id for m in question.mentions if m.kind == "model" and m.words != ("it",)), None)
    if subject is None or named.get(subject):
        return False
    models = lex.model_labels
    if models is None:
        models = lex.model_labels = {label: m for m in lex.models for label in lex.labels.get(m, ())}
    return any(models.get(gram, subject) != subject for gram in grams)


def _same_kind(word: str) -> frozenset[str]:
    """Nouns of the same kind as `word` ('team' and 'evaluator' are organizations, 'cto' and 'ceo' roles): in a
    yes/no question, a clause that says the other one speaks of it, to say yes or no."""
    kind = KINDS.get(word)
    return _KINDS_OF.get(kind, frozenset()) if kind in ("org", "person") else frozenset()


_KINDS_OF = {kind: frozenset(w for w, k in KINDS.items() if k == kind) for kind in ("org", "person")}


def _means(lex: Lexicon, number: int, record_id: str, grams: frozenset[str] | None) -> bool:
    """Whether the passage speaks of the record itself: names it (in the clause with `grams`), is its fact,
    or, a sentence of a text, means it by 'it' or goes on about it; a model's fact is not its maker's."""
    passage = lex.passages[number]
    if record_id in (passage.subject, passage.subject.split("#")[0]) or record_id.split("#")[0] == passage.subject:
        return True
    if passage.context and grams is None and record_id in passage.about:
        return True
    return _names(lex, number, record_id, grams)


def opposites(lex: Lexicon, word: str) -> frozenset[str]:
    """The content's words of opposite sense to `word` ('up' for 'down'), by words.OPPOSITES."""
    found = {o for w in (word, *lex.stems.get(stem(word), ())) for o in OPPOSITES.get(w, ())}
    return frozenset(v for o in found for v in (o, *lex.stems.get(stem(o), ())))


def _names(lex: Lexicon, number: int, record_id: str, grams: frozenset[str] | None) -> bool:
    """Whether the passage's own text (or the clause with `grams`) names the record."""
    if grams is None:
        grams = lex.own_grams.get(number)
        if grams is None:
            passage = lex.passages[number]
            words = words_of(passage.text if passage.context else f"{passage.text} {passage.keywords}")
            grams = lex.own_grams[number] = frozenset(normalize(" ".join(words[i : i + size]))
                                                      for size in (1, 2, 3, 4) for i in range(len(words)))
    return any(label in grams for label in lex.labels.get(record_id, ()))


def _on(passage: Passage, prefix: str) -> bool:
    if not passage.when:
        return False
    return passage.when[4 : 4 + len(prefix)] == prefix if prefix.startswith("-") else passage.when.startswith(prefix)


def agrees(lex: Lexicon, question: Question, number: int, strict: bool = True) -> bool:
    """Entity agreement: whether passage `number` is about every record the question names, and the question
    about the passage's subject. A product typed ('llama', 'claude') must be named as itself, not inside a
    longer name ('Llama 4'). A passage whose subject is a model (an FAQ entry on Muse Spark) never answers a
    question naming another model and, `strict` (/ask), only one that names that model or its maker. Not strict (/faq,
    whose asker picks among entries): one naming a record the entry is about ('claude code openclaw'), but a
    question naming two or more records only if the model is one of them ('is Claude better than ChatGPT')."""
    passage = lex.passages[number]
    subjects = set() if passage.when else {r for r in passage.about if r in lex.models}  # events: participants
    for mention in question.mentions:
        typed = _typed(mention.words)
        if lex.products.get(typed) == mention.id:
            if not _named_alone(lex, number, mention.id, typed):
                return False
        elif mention.kind == "model" and subjects and mention.id not in subjects:
            return False
        elif not is_about(lex, number, mention.id):
            return False
    named = {m.id for m in question.mentions if m.kind != "benchmark"}
    if not named or not subjects:
        return True
    if strict:  # the subject model named, or only organizations that make it ('Meta', not 'Claude')
        return bool(subjects & named) or all(subjects & lex.org_models.get(r, frozenset()) for r in named)
    return bool(passage.about & named) and (len(named) < 2 or bool(subjects & named))



@lru_cache(maxsize=4096)
def _typed(words: tuple[str, ...]) -> str:
    """A mention's words as typed, normalised (asked once per passage weighed, so kept)."""
    return normalize(" ".join(words))


def _named_alone(lex: Lexicon, number: int, record_id: str, typed: str) -> bool:
    """Whether the passage names `typed` as a name of its own, not as part of a longer one."""
    passage = lex.passages[number]
    words = words_of(f"{passage.text} {passage.keywords}")
    return any(found == record_id and normalize(" ".join(words[start : end + 1])) == typed
               for start, end, found in named_spans(lex, words))


def closest(catalog: Catalog, lex: Lexicon, question: Question, limit: int = 3) -> list[Passage]:
    """Passages sharing the most meaning with the question, for a decline's 'closest things it does say'."""
    scores: dict[int, float] = {}
    for mention in question.mentions:
        for number in lex.about.get(mention.id, ()):
            scores[number] = scores.get(number, 0.0) + 2.0
    for word in question.content:
        for token in expansions(catalog, lex, word):
            for number in lex.index.get(token, ())[:2000]:
                scores[number] = scores.get(number, 0.0) + lex.idf.get(token, 0.0)
    best = sorted(scores.items(), key=lambda item: (-round(item[1], 9), item[0]))[:limit]  # sums in any order
    return [lex.passages[number] for number, _ in best]
