"""Understanding a question: its words in plain spelling, the records it names (exactly or with a typo), what
it asks (and whether it asks yes or no, with which polarity and premise), the thing asked for, and any date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.ask.lexicon import Lexicon, lexicon
from bot.core.ask.mentions import FUZZY_CUTOFF, Mention, find_mentions
from bot.core.ask.phrases import AUX, DETERMINERS, PREPOSITIONS
from bot.core.ask.slot import KINDS, Slot, asked
from bot.core.ask.words import LIGHT, NUMBER_WORDS, QUESTION_SYNONYMS, STOPWORDS, plain, stem, tagged, words_of
from bot.core.dates import MONTH_NUMBERS, When, scan
from bot.core.text import without_mentions

MONTH_WORDS = MONTH_NUMBERS
INTENT_WORDS: dict[str, frozenset[str]] = {
    "when": frozenset("when date released release releases launched launch launches came come out day year month "
                      "announced unveiled drop dropped ship shipped".split()),
    "open": frozenset("open source sourced weights weight download downloadable closed free".split()),
    "access": frozenset("api access use using available availability where try run build developers developer "
                        "public private preview".split()),
    "maker": frozenset("who made makes make built builds build developed develops created creates behind maker "
                       "company lab owns team group division unit org organization".split()),
    "best": frozenset("best top tops leads lead leading leader highest first winner wins win number strongest "
                      "fewest least lowest most worst last efficient efficiency benchmark benchmarks scorer scorers "
                      "performer tied tie ties second third fourth fifth sixth 1st 2nd 3rd 4th 5th 6th place "
                      "came".split()),
    "score": frozenset("score scores scored scoring rank ranks ranked ranking place placed places standing stand "
                       "result results perform performs performance get gets got do uses used using behind ahead "
                       "far position number numbers figure rating ratings rated usage consumption need needed needs "
                       "require required requires take took takes fare fared fares".split()),
    "compare": frozenset("better worse vs versus compare compared comparison beat beats beating against stronger "
                         "weaker outperform outperforms outscore outscored fewer less more higher lower greater "
                         "bigger smaller win wins won lead leads ahead behind far gap difference margin between "
                         "than scored big large close closer near far jump leap points trail trails trailing "
                         "distance".split()),
    "events": frozenset("happened happen happens events event news timeline".split()),
}
"""Words that say what is asked; a record answering that kind of question covers them."""
FUTURE = frozenset("will plan plans planned future going later someday eventually".split())
"""Words that ask about the future: only what the source says of it answers them."""
ASKING_VERBS = frozenset("mean means meant measure measures evaluate evaluates test tests stand stands track tracks "
                         "cover covers find found say said do does happen happened think".split())
"""Verbs of the question itself ('what does X measure'), never the thing asked for."""
_YES_NO = frozenset("is are was were does do did can could has have had will would should".split())
_TAGS = (("is", "not", "it"), ("does", "not", "it"), ("did", "not", "it"), ("was", "not", "it"), ("right",),
         ("correct",), ("true",), ("yeah",), ("yes",), ("no",))
NEGATIONS = frozenset({"not", "no", "never", "without", "none", "nor", "except"})
_POINTING = frozenset({"it", "its", "itself"})
_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")
_ASSERTED = frozenset("first last only new".split())
"""Words a yes/no question asserts though they are function words elsewhere ('is it the first model …')."""
_WH = frozenset("what which who whom whose when where why how".split())


@dataclass
class Question:
    """A question taken apart. `content`: its meaningful words (no function words, names or date);
    `focus`: those that name the thing asked for ('parameters' in 'how many parameters …'); `soft`: words
    nothing in the content or the questions' vocabulary knows, and not the thing asked for: they lower
    confidence but veto no answer. `yesno`: it asks yes or no ('is it …', '…, right?'); `negated`: it says
    not, no, never, without or except; `numbers`: numbers it states (a premise to check)."""

    text: str
    words: list[str]
    mentions: list[Mention] = field(default_factory=list)
    content: list[str] = field(default_factory=list)
    date: str | None = None
    when: When | None = None
    focus: list[str] = field(default_factory=list)
    soft: list[str] = field(default_factory=list)
    yesno: bool = False
    negated: bool = False
    numbers: list[str] = field(default_factory=list)
    phrases: list[str] = field(default_factory=list)
    """A name and its version as typed ('nimbus 2'): a passage must write them together."""
    slot: Slot = field(default_factory=Slot)
    """What it asks for (slot.py)."""
    strange: list[str] = field(default_factory=list)
    """Unknown words that look like names or nouns of their own ('zuckerberg'): they weigh like a name."""

    def of(self, kind: str) -> list[str]:
        """Ids of the mentioned records of `kind`, in order, each once."""
        return list(dict.fromkeys(m.id for m in self.mentions if m.kind == kind))

    def has(self, *words: str) -> bool:
        """Whether any of `words` (or phrases) occurs in the question."""
        joined = f" {' '.join(self.words)} "
        return any(f" {w} " in joined for w in words)

    @property
    def hard(self) -> list[str]:
        """The meaningful words a record's answer must account for: all but the soft ones."""
        return [w for w in self.content if w not in self.soft]

    @property
    def stated(self) -> list[str]:
        """The meaningful words a quoted passage must hold: every one but the light ones ('handle'), since
        a passage states nothing of a word it does not use."""
        return [w for w in self.content if w not in LIGHT]


def parse(catalog: Catalog, text: str) -> Question:
    """Take `text` apart against `catalog`."""
    lex = lexicon(catalog)
    text = without_mentions(text)
    words = words_of(plain(text))
    opening = next((w for w in words if w not in ("so", "and", "but", "then", "also", "now", "wait")), "")
    yesno = opening in _YES_NO or tagged(text) and not any(w in _WH for w in words)
    for tag in _TAGS:
        if len(words) > len(tag) + 1 and tuple(words[-len(tag):]) == tag:
            words, yesno = words[: -len(tag)], True
            break
    question = Question(text=text, words=words, yesno=yesno)
    used = find_mentions(lex, words, question.mentions)
    question.mentions.sort(key=lambda mention: mention.at)
    question.mentions[:] = [replace(m, described=_described(catalog, m.id)) if m.kind == "benchmark" else m
                            for m in question.mentions]
    names = {m.id: normalize(catalog.benchmarks[m.id].name) for m in question.mentions if m.kind == "benchmark"}
    question.mentions[:] = [m for m in question.mentions if m.kind != "benchmark" or not any(
        other != m.id and normalize(" ".join(m.words)) in name for other, name in names.items())]  # 'tokens … index'
    words[:] = [w if i in used else _spelled(lex, w) for i, w in enumerate(words)]
    question.yesno = yesno = yesno or _stated_question(text, words, used)
    first_model = min((m.at for m in question.mentions if m.kind == "model"), default=len(words))
    if lex.subject and lex.subject not in question.of("model") and not question.of("mode"):
        pointed = [i for i, w in enumerate(words) if i not in used and i < first_model and (
            w in _POINTING or w == "model" and i and (
                words[i - 1] in ("the", "this") and i + 1 < len(words) and words[i + 1] not in ("that", "which")))]
        if pointed:  # 'does it beat gemini': 'it' before a model named is the source's own
            question.mentions.append(Mention("model", lex.subject, ("it",), at=pointed[0]))
            question.mentions.sort(key=lambda mention: mention.at)
            used.update(pointed)
    rest = [f"v{w}" if _number(w) and i - 1 in used and len(w) < 4 else w
            for i, w in enumerate(words) if i not in used]
    readings, rest = scan(rest)
    if readings:  # '04/07/2026' reads two ways: the one the content has dated passages on, if only one has
        held = [r for r in readings if len(readings) > 1 and any(p.when.startswith(_prefix(r)) for p in lex.passages)]
        question.when = held[0] if len(held) == 1 else readings[0]
        question.date = _prefix(question.when)
    negative_question = len(words) > 1 and words[0] in _YES_NO and words[1] == "not"  # "isn't it …": a plain one
    versions = {i for i, w in enumerate(rest) if i and rest[i - 1] in lex.versioned and _VERSION.match(w)}
    question.phrases = [f"{rest[i - 1]} {rest[i]}" for i in sorted(versions)]
    rest = [w for i, w in enumerate(rest) if i not in versions]
    question.negated = bool(NEGATIONS.intersection(rest[2:] if negative_question else rest))
    question.numbers = [w for w in rest if any(ch.isdigit() for ch in w) and not w.startswith("v")
                        and not re.match(r"^\d+(?:st|nd|rd|th)$", w)]  # '2nd' is a place, no premise
    question.content = [w for w in rest if (w not in STOPWORDS or yesno and w in _ASSERTED) and w not in NEGATIONS]
    question.slot = asked(words, used, yesno)
    question.focus = _focus(lex, question) + _variants(lex, question, used)
    unknown = [w for w in question.content if w not in question.focus and w not in LIGHT and _unknown(lex, w)]
    question.strange = [w for w in unknown if _firm(words, w, yesno)]
    question.soft = [w for w in question.content if w in LIGHT or w in unknown and w not in question.strange]
    if yesno and "because" in words:  # 'did Meta hold off the release because of the finding': the cause is context
        cause = words[words.index("because"):]
        question.soft += [w for w in question.content if w in cause and w not in question.soft]
    return question


_PAST = frozenset("got hit made ran won lost had took spent beat led burnt".split())
"""Irregular past forms that state a value before a number ('gpt 5.4 got 40 on healthbench hard?')."""
_STATING = frozenset("beats beat leads led trails trailed tops topped outscores outscored outperforms tie ties tied "
                     "ranks ranked".split())
"""Verbs that state how records stand ('muse spark trails sonnet on gdpval?'): asked with '?', a yes or no."""


def _stated_question(text: str, words: list[str], named: set[int]) -> bool:
    """A statement asked as a question ('so meta fired 85k people?', "there's no public api?"): it ends
    with '?', has no question word, and says something with a verb (a 'was', 'is', …, or a verb before a
    number: 'fired 85,000'); 'charxiv score?' asks for something instead."""
    if not text.rstrip().endswith("?") or any(w in _WH for w in words):
        return False
    return any(w in AUX for w in words[1:-1]) or any(
        (b[:1].isdigit() or b in NUMBER_WORDS) and (a.endswith(("s", "ed")) or a in _PAST) and a.isalpha()
        and i not in named for i, (a, b) in enumerate(zip(words, words[1:]))) or any(
        w in _STATING and i not in named for i, w in enumerate(words[1:-1], start=1))


def _described(catalog: Catalog, bench_id: str) -> frozenset[str]:
    """The words of a benchmark's description and unit ('health questions', 'elo'): naming it, they ask nothing
    more of it."""
    bench = catalog.benchmarks[bench_id]
    return frozenset(words_of(f"{bench.measures or ''} {bench.unit}")) | _RUN


_RUN = frozenset("run runs evaluation evaluations test tests full complete entire whole".split())
"""Words for a benchmark's run ('the full index run', 'on the index eval'): naming it, they ask nothing more."""


def _prefix(when: When) -> str:
    """A date as the prefix of stored dates ('2026-04-08', '2026-04', '2026'), or '-04' / '-04-08' for a
    month or day of any year."""
    if when.prefix is not None:
        return when.prefix
    return f"-{when.month:02d}" + (f"-{when.day:02d}" if when.day else "")


def _focus(lex: Lexicon, question: Question) -> list[str]:
    """The words that name the thing asked for (the slot's), which an answer cannot do without: an unknown
    one makes /ask decline ('how many parameters', 'the context window', 'in the eu'). A terse or yes/no
    question's words name it only when unknown: the rest weigh on confidence (and a yes/no's verb and
    objects must be stated for a verdict)."""
    slot = question.slot
    named = [*slot.words, *slot.head.split()] if slot.kind != "define" else slot.head.split()
    if slot.kind in ("difference", "compare", "rank", "score"):
        return []  # the records' kinds of value: their words name no thing of their own
    if slot.kind == "terse" or slot.kind != "yesno" and slot.words and set(slot.words) == set(question.content):
        return [w for w in slot.words if w in question.content and w not in LIGHT and _unknown(lex, w)]
    return [w for w in dict.fromkeys(named) if w in question.content and w not in LIGHT and w not in ASKING_VERBS
            and (w not in KINDS or slot.kind == "count") and not any(ch.isdigit() for ch in w)]


_SOFT_ENDINGS = ("ly", "ing", "ed", "ish", "ous", "ful", "less", "able", "ible", "est")


def _variants(lex: Lexicon, question: Question, used: set[int]) -> list[str]:
    """Words that make a name another one: a version after it ('gpt 5', 'muse spark 2'), a word after a
    benchmark's name ('healthbench easy') or before the score asked for ('mmlu score'), unknown to the content."""
    words, found = question.words, []
    benches = {i for m in question.mentions if m.kind == "benchmark" for i in range(m.at, m.at + len(m.words))}
    valued = question.slot.kind in ("score", "rank", "count", "money", "benchmark")
    for i, word in enumerate(words):
        if i in used or word in STOPWORDS or word in KINDS or word in LIGHT or question.when and word.isdigit():
            continue
        token = f"v{word}" if _number(word) and i - 1 in used and len(word) < 4 else word
        if token not in question.content:
            continue
        after = i - 1 in used and (_VERSION.match(word) is not None or i - 1 in benches)
        before = valued and words[i + 1 : i + 2] == [question.slot.head]
        if after and _VERSION.match(word) or (after or before) and _unknown(lex, token):
            found.append(token)
    return found


def _firm(words: list[str], word: str, yesno: bool) -> bool:
    """Whether an unknown word looks like a name or a noun of its own ('zuckerberg', 'messenger', 'gpt-6'),
    which weighs like a name, rather than a modifier or a verb ('silly titles', 'throwing', 'treat the'):
    a word with a digit or a hyphen, or one that ends a phrase without (unless it asks yes or no: 'can I
    run it locally') an adjective's or adverb's ending."""
    if any(ch.isdigit() for ch in word) or "-" in word:
        return True
    if word.endswith(_SOFT_ENDINGS) and not yesno:
        return False
    at = words.index(word) if word in words else -1
    following = words[at + 1] if 0 <= at < len(words) - 1 else ""
    return not following or following in PREPOSITIONS or following in AUX or following in STOPWORDS and (
        following not in DETERMINERS) or following in _NAMED_KINDS  # 'voice mode' is another mode


_NAMED_KINDS = frozenset("mode modes model models version versions api feature features app apps".split())
"""Nouns whose kind a word before them names ('voice mode', 'mini model'): an unknown such word is another one."""


def _unknown(lex: Lexicon, word: str) -> bool:
    """Whether neither the content nor the questions' vocabulary knows `word` (nor its stem)."""
    return (word not in _KNOWN and word not in lex.index and stem(word) not in lex.stems
            and not any(ch.isdigit() for ch in word))


_QUESTION_WORDS = frozenset(("which", "what", "when", "where", "whose", "does", "have", "many", "much", "about"))
_KNOWN = STOPWORDS | FUTURE | frozenset().union(*INTENT_WORDS.values()) | KINDS.keys() | {
    w for w in QUESTION_SYNONYMS if not w.startswith("~")}
_KNOWN_STEMS = frozenset(stem(w) for w in _KNOWN)
_SHORT_TARGETS = _QUESTION_WORDS | {"open", "made", "best", "date", "lead", "leads", "score", "rank"}


def _spelled(lex: Lexicon, word: str) -> str:
    """`word`, or the known word it is a typo of ('relesed' -> 'released', 'wich' -> 'which'): only for a
    word neither the questions' vocabulary nor the content uses, and only a close one."""
    if len(word) < 4 or word in _KNOWN or word in LIGHT or word in lex.index or word in MONTH_WORDS or (
            not word.isalpha()):
        return word
    if stem(word) in lex.stems or stem(word) in _KNOWN_STEMS:
        return word
    if not lex.spelling:
        known = _KNOWN - STOPWORDS | _QUESTION_WORDS
        lex.spelling = sorted(known | {v for v in lex.vocabulary if v.isalpha() and len(v) > 3} - STOPWORDS)
    choices = lex.spelling if len(word) >= 5 else sorted(_SHORT_TARGETS)
    found = process.extract(word, choices, scorer=OSA.normalized_similarity,
                            score_cutoff=FUZZY_CUTOFF if len(word) >= 5 else 0.74, limit=5)
    if len(word) < 5:  # a short word is a typo only of one that starts like it ('wich'), not 'head' of 'lead'
        found = [m for m in found if m[0][0] == word[0]]
    if not found:
        return word
    return max(found, key=lambda m: (m[1], m[0][0] == word[0], -abs(len(m[0]) - len(word))))[0]


def _number(word: str) -> bool:
    return word.isascii() and word.isdigit()

