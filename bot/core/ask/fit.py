"""Whether a passage that accounts for a question's words also holds the slot it asks for (slot.py): a
count needs a number next to the thing counted, said of the relation asked (counts.py); a month question a
month ('Nine months ago' is none); a 'who' a name in the role asked; 'which partners' the partners' names;
'why' a reason. A superlative, a score or a ranking is never a passage's (the records answer those)."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.core.ask.counts import count, money, number_near
from bot.core.ask.cover import SENTENCE, near_name
from bot.core.ask.lexicon import Lexicon, lexicon, named_spans
from bot.core.ask.question import FUTURE, Question
from bot.core.ask.reply import unaccounted
from bot.core.ask.roles import WINDOW, members, named_near, specified
from bot.core.ask.slot import GROUPS, KINDS, MONEY
from bot.core.ask.weigh import expansions, qualifiers
from bot.core.ask.words import DISTRIBUTIVE, LIGHT, REASONS, STOPWORDS, words_of
from bot.core.dates import MONTH_NUMBERS

_SUPERLATIVE = frozenset("best top highest lowest fewest least most worst strongest leader leading winner last "
                         "bottom".split())
_SCORING = frozenset("score scores scored scoring rank ranks ranked place placed result results".split())
_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
_FUTURE_SAID = frozenset("will plans plan planned future next later soon upcoming going".split())
_ACCESS = frozenset("through via available accessible access use using only api".split())
_STANDING = frozenset("lead leads leading trails trail short behind ahead ranks fourth strong struggles".split())


def fits(catalog: Catalog, question: Question, number: int) -> bool:
    """Whether passage `number` holds what the question asks for, besides accounting for its words."""
    lex = lexicon(catalog)
    passage = lex.passages[number]
    if (set(question.words) & _SUPERLATIVE) - lex.words[number]:  # 'the top user' is no ranking
        return False
    if set(question.words) & FUTURE and not _FUTURE_SAID & lex.words[number]:
        return False  # 'will X be open source', 'when will X ship': only what the source says of the future
    if any(not expansions(catalog, lex, w) & lex.own[number] for w in qualifiers(question)) or (
            "per" in question.words and not {"per", "each", "average"} & lex.own[number]):
        return False  # 'the average user's tokens' is not what the top user consumed
    if not question.yesno and any(n not in lex.own[number] for n in question.numbers if n not in (question.date or "")):
        return False  # 'the #2 person on Claudeonomics' is not the top user: a number asked by must be held
    if question.yesno and any(w in question.soft and not expansions(catalog, lex, w) & lex.index.keys()
                              for w in question.stated):
        return False  # 'is it a text-only chatbot': a word the content never uses is no sentence's to say yes or no to
    if not question.yesno and question.slot.kind != "model" and _of_other_models(lex, question, number):
        return False  # 'what kind of model is Muse Spark': not a sentence on Llama, Llama 2, … and no Muse Spark
    if set(question.words) & DISTRIBUTIVE and not _enumerates(lex, number):
        return False
    if question.of("benchmark") and set(question.words) & _SCORING:  # scores come from rankings, not passages
        return False
    if any(w not in lex.own[number] for w in question.focus if w.startswith("v") and w[1:2].isdigit()):
        return False  # 'muse spark 2': a sentence must name that version
    held = [w for w in question.content if expansions(catalog, lex, w) & lex.own[number]]
    for mention in (m for m in question.mentions if m.id not in passage.about and m.kind != "benchmark"):
        if not all(_in_sentence_with(catalog, lex, number, mention.id, w) for w in held):
            return False  # named only in passing: 'lead its AI overhaul; Muse Spark is its first model'
    if question.slot.kind in _VALUES and any(not expansions(catalog, lex, w) & lex.own[number] for w in question.content
                                             if w not in question.soft and w not in LIGHT and w not in KINDS):
        return False  # 'how much is Meta putting into Hyperion' is not what it spends on AI
    check = _CHECKS.get(question.slot.kind)
    return check is None or check(catalog, lex, question, number)


def _of_other_models(lex: Lexicon, question: Question, number: int) -> bool:
    """Whether passage `number` names models, none of them the one the question names first (as typed); a
    question asking for a model ('what model did Muse Spark replace') may be answered by another's."""
    subject = next((m.id for m in question.mentions if m.kind == "model" and m.words != ("it",)), None)
    if subject is None:
        return False
    named = {s[2] for s in named_spans(lex, words_of(lex.passages[number].text)) if s[2] in lex.models}
    return bool(named) and subject not in named


_ONE_BY_ONE = frozenset("one another other second third fourth last each".split())


_VALUES = frozenset({"amount", "money"})
"""Amounts: said of all that is asked, in the sentence itself (a count may take its thing from a neighbour)."""


def _enumerates(lex: Lexicon, number: int) -> bool:
    """Whether the sentence goes through members one by one with its paragraph ('One agent tackles the math.
    Another checks the logic.'): it says one of 'one', 'another', 'a third' …, and its paragraph two."""
    paragraph = set(words_of(lex.passages[number].context or lex.passages[number].text))
    return bool(_ONE_BY_ONE & lex.own[number]) and len(_ONE_BY_ONE & paragraph) >= 2


def _date(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """A date at the grain asked ('which month': a month; 'what date': a day), said of what was asked."""
    passage = lex.passages[number]
    if question.mentions and not all(
        any(near_name(catalog, lex, number, m.id, expansions(catalog, lex, w)) for m in question.mentions)
        for w in unaccounted(question, "when", "events") if w not in MONEY
    ):
        return False  # 'when was Meta founded' is not 'Meta ... creates Meta Superintelligence Labs'
    grain = question.slot.grain
    words = words_of(passage.text)
    months = any(w in MONTH_NUMBERS for w in words)
    if grain == "month":
        return len(passage.when) >= 7 or months
    if grain == "day":
        return len(passage.when) == 10
    return bool(passage.when or _YEAR.search(passage.text))


def _reason(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """A reason ('because', 'the pitch: …'), or, asked why something is being done, what it is being done to do
    ('why is Hyperion being built': 'being built to train them')."""
    if REASONS & lex.own[number]:
        return True
    asked = question.words
    if "being" not in asked[:-1]:
        return False
    words, options = words_of(lex.passages[number].text), expansions(catalog, lex, asked[asked.index("being") + 1])
    return any(w == "to" and i and words[i - 1] in options and i + 1 < len(words) and words[i + 1] not in STOPWORDS
               for i, w in enumerate(words))


def _who(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """A name (or, for 'who can …', a group) by the word asked about, in one clause of the sentence that
    holds every other word asked ('who built Feynman': a builder, and Feynman, in one clause); a role ('the
    CEO of Meta') must sit by the record named, in a fact about that record."""
    passage = lex.passages[number]
    asked = [w for w in question.slot.words if w not in STOPWORDS and w not in question.soft]
    head = question.slot.head
    if head in _ROLES_OF_RECORDS and question.mentions and not passage.context:
        if not all(m.id in passage.about and near_name(catalog, lex, number, m.id, expansions(catalog, lex, head))
                   for m in question.mentions):
            return False  # a record's fact: about the record named, the role by its name
    elif head in _ROLES_OF_RECORDS and question.mentions:
        spans = named_spans(lex, words_of(passage.text))
        roles = [i for i, w in enumerate(words_of(passage.text)) if w == head]
        nearest = {min(spans, key=lambda s: min(abs(i - s[0]), abs(i - s[1])))[2] for i in roles if spans}
        if not roles or not nearest & {m.id for m in question.mentions}:
            return False  # 'who is the CEO of Meta': Meta's, not Scale AI's
    groups = bool(set(question.words) & {"can", "could", "gets", "get"})
    window = 2 if KINDS.get(head) == "person" or head in GROUPS else WINDOW  # 'Scale AI CEO Alexandr Wang'
    for clause in re.split(r"(?<=[;:.!?])\s+|\s+[(—–-]\s*|\)\s*", passage.text):
        words = set(words_of(clause))
        if all(expansions(catalog, lex, w) & words for w in asked):
            near = [expansions(catalog, lex, w) for w in ([head] if head in asked else asked[:1])]
            if named_near(lex, question, clause, near, groups=groups, window=window, skip={lex.subject}):
                return True
    return False


_ROLES_OF_RECORDS = frozenset("ceo cto cfo founder cofounder head president chief boss leader owner chair".split())


def _org(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """An organization named; for 'which outside (third-party, independent) organization', not the maker of a
    model asked about, nor a part of it or what it is part of ('Meta's follow-up' is not an outside one)."""
    skip: set[str] = set()
    if set(question.words) & _OUTSIDE:
        makers = {catalog.models[m].maker for m in question.of("model") if m in catalog.models} - {None, ""}
        skip = {o.id for o in catalog.organizations.values() if o.id in makers or o.part_of in makers} | {
            catalog.organizations[m].part_of for m in makers if m in catalog.organizations}
    return named_near(lex, question, lex.passages[number].text, [], skip=skip)


_OUTSIDE = frozenset("outside external third independent thirdparty".split())


def _name(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """A quoted phrase or a name, by the word asked about ('titles like “Token Legend”'), or the quoted phrase
    that holds the words the question gives of it ('the "scaling ladder" line')."""
    text = lex.passages[number].text
    given = [w for w in question.content if w != question.slot.head and w not in question.soft]
    if given and any(all(expansions(catalog, lex, w) & set(words_of(q)) for w in given) for q in _QUOTED.findall(text)):
        return True
    return members(lex, question, text, expansions(catalog, lex, question.slot.head))


_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def _thing(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """The thing itself, and which one: for a plural ('which partners') its members' names; for one
    ('which market') a modifier the question does not give."""
    head = expansions(catalog, lex, question.slot.head)
    text = lex.passages[number].text
    if not head & lex.own[number]:
        return False
    if question.words[0] not in ("which", "what") or question.slot.kind != "thing":
        return True
    return members(lex, question, text, head) if question.slot.plural else (
        specified(question, text, head) or members(lex, question, text, head))


def _act(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """'What did X find / say / hand out': the sentence says the verb (or one standing for it)."""
    asked = [w for w in question.slot.words if w not in question.soft]
    return all(expansions(catalog, lex, w) & lex.words[number] for w in asked) and (
        not asked or any(expansions(catalog, lex, w) & lex.own[number] for w in asked))


def _access(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """Where it is available; 'which apps' wants them named, a list of names ('Facebook, Instagram, …')."""
    if question.slot.plural and question.words[0] in ("which", "what"):
        return _LIST.search(lex.passages[number].text) is not None
    return bool(_ACCESS & lex.own[number])


_LIST = re.compile(r"(?:\b[A-Z][\w.-]*(?: [A-Z0-9][\w.-]*)*, ){2,}(?:and |or )?[A-Z]")
"""Three or more names in a list."""


def _standing(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    return bool(_STANDING & lex.own[number])


def _model(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """'What model …' / 'which evals …': a model or benchmark the question does not name (for a plural, named
    members: 'a small subset of alignment evaluations' names none)."""
    named = {m.id for m in question.mentions}
    kind = catalog.models if question.slot.kind == "model" else catalog.benchmarks
    words = words_of(lex.passages[number].text)
    spans = sorted(named_spans(lex, words))
    if question.slot.plural:  # 'what models …': two or more names listed side by side ('Claude, GPT-5.4, and Gemini')
        if any(found in kind and found not in named for _, _, found in spans) and any(
                all(w in ("and", "or") for w in words[e + 1 : s2]) and s2 - e <= 2
                for (_, e, _), (s2, _, _) in zip(spans, spans[1:])):
            return True
    elif any(found in kind and found not in named for _, _, found in spans):
        return True
    return question.slot.kind == "benchmark" and members(lex, question, lex.passages[number].text,
                                                          expansions(catalog, lex, question.slot.head))


def _purpose(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """'What is X for': what X goes to, or is (being) built, used or spent to do or on, or a reason; 'what is
    the goal': what the sentence says is the goal ('… is the end goal')."""
    words = words_of(lex.passages[number].text)
    held = [i for i, w in enumerate(words) for o in question.content if w in expansions(catalog, lex, o)]
    head = question.slot.head
    if head != "for" and any(w == head and {"is", "are", "was"} & set(words[max(0, i - 4) : i]) for i, w in
                             enumerate(words)):
        return True
    return bool(REASONS & lex.own[number]) or any(
        w in ("to", "for", "on", "toward", "towards") and any(0 < i - j <= 6 for j in held)
        for i, w in enumerate(words))


def _manner(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    """'How did X react / go / …': the sentence says the verb asked (or one standing for it: 'reception')."""
    head = question.slot.head
    return not head or head in STOPWORDS or head in LIGHT or bool(expansions(catalog, lex, head) & lex.own[number])


def _never(catalog: Catalog, lex: Lexicon, question: Question, number: int) -> bool:
    return False  # places, scores, ranks, differences: the records', or none


_CHECKS = {"count": count, "amount": number_near, "measure": number_near, "money": money, "date": _date,
           "reason": _reason, "person": _who, "org": _org, "name": _name, "thing": _thing, "act": _act,
           "access": _access, "manner": _manner, "standing": _standing, "model": _model, "benchmark": _model,
           "place": _never,
           "rank": _never,
           "difference": _never, "compare": _never, "score": _never, "purpose": _purpose}


def _in_sentence_with(catalog: Catalog, lex: Lexicon, number: int, record_id: str, word: str) -> bool:
    """Whether `word` (or a word standing for it) is in a sentence of the passage that names the record."""
    options = expansions(catalog, lex, word)
    passage = lex.passages[number]
    for sentence in SENTENCE.split(f"{passage.text} {passage.keywords}".strip()):
        words = words_of(sentence)
        if options.intersection(words) and any(found == record_id for _, _, found in named_spans(lex, words)):
            return True
    return False
