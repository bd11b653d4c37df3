"""Understanding a question: its words in plain spelling, the records it names (exactly or with a typo), what
it asks (and whether it asks yes or no, with which polarity and premise), the thing asked for, and any date."""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace
from itertools import takewhile

from rapidfuzz import process
from rapidfuzz.distance import OSA

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.ask.lexicon import Lexicon, lexicon
from bot.core.ask.mentions import FUZZY_CUTOFF, Mention, find_mentions
from bot.core.ask.words import LIGHT, STOPWORDS, plain, stem, words_of
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
                       "company lab owns".split()),
    "best": frozenset("best top tops leads lead leading leader highest first winner wins win number strongest "
                      "fewest least lowest most worst last efficient efficiency benchmark benchmarks scorer scorers "
                      "performer tied tie ties second third fourth fifth sixth 1st 2nd 3rd 4th 5th 6th place "
                      "came".split()),
    "score": frozenset("score scores scored scoring rank ranks ranked ranking place placed places standing stand "
                       "result results perform performs performance get gets got do uses used using behind ahead "
                       "far position".split()),
    "compare": frozenset("better worse vs versus compare compared comparison beat beats beating against stronger "
                         "weaker outperform outperforms outscore outscored fewer less more higher lower greater "
                         "bigger smaller win wins won lead leads ahead behind far gap difference margin between "
                         "than scored".split()),
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
_COMPARING = frozenset("better worse higher lower greater bigger smaller larger fewer stronger weaker".split())
_VERSION = re.compile(r"^\d{1,2}(?:\.\d{1,2})?$")
_PREPOSITIONS = frozenset("in on at for from with to by than after before during since per over into".split())
_ASKS_WHAT = frozenset({"what", "which"})
_SKIP = frozenset("is are was were the a an does do did its their of".split())


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
    yesno = opening in _YES_NO
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
    if lex.subject and not question.of("model") and not any(m.kind == "mode" for m in question.mentions):
        pointed = [i for i, w in enumerate(words) if w in _POINTING and i not in used]
        if pointed:
            question.mentions.append(Mention("model", lex.subject, ("it",), at=pointed[0]))
            used.update(pointed)
    rest = [f"v{w}" if _number(w) and i - 1 in used and len(w) < 4 else w
            for i, w in enumerate(words) if i not in used]
    readings, rest = scan(rest)
    if readings:
        question.when = readings[0]
        question.date = _prefix(readings[0])
    negative_question = len(words) > 1 and words[0] in _YES_NO and words[1] == "not"  # "isn't it …": a plain one
    versions = {i for i, w in enumerate(rest) if i and rest[i - 1] in lex.versioned and _VERSION.match(w)}
    question.phrases = [f"{rest[i - 1]} {rest[i]}" for i in sorted(versions)]
    rest = [w for i, w in enumerate(rest) if i not in versions]
    question.negated = bool(NEGATIONS.intersection(rest[2:] if negative_question else rest))
    question.numbers = [w for w in rest if any(ch.isdigit() for ch in w) and not w.startswith("v")
                        and not re.match(r"^\d+(?:st|nd|rd|th)$", w)]  # '2nd' is a place, no premise
    question.content = [w for w in rest if w not in STOPWORDS and w not in NEGATIONS]
    question.focus = _focus(question, rest)
    question.soft = [w for w in question.content if w in LIGHT or (w not in question.focus and _unknown(lex, w))]
    return question


def _described(catalog: Catalog, bench_id: str) -> frozenset[str]:
    """The words of a benchmark's description and unit ('health questions', 'elo'): naming it, they ask nothing
    more of it."""
    bench = catalog.benchmarks[bench_id]
    return frozenset(words_of(f"{bench.measures or ''} {bench.unit}"))


def _prefix(when: When) -> str:
    """A date as the prefix of stored dates ('2026-04-08', '2026-04', '2026'), or '-04' / '-04-08' for a
    month or day of any year."""
    if when.prefix is not None:
        return when.prefix
    return f"-{when.month:02d}" + (f"-{when.day:02d}" if when.day else "")


def _focus(question: Question, rest: list[str]) -> list[str]:
    """The words that name the thing asked for: after 'how many/much' (or after its verb: 'how much does X
    cost'), 'how <adjective>' ('how old'), what/which/who (is the) … up to a preposition ('what is the
    context window on X'), the words of a terse question ('muse spark price'), and a word after a
    preposition ('in europe')."""
    found: list[str] = []
    for i, word in enumerate(rest):
        after = rest[i + 1 :]
        if word == "how" and after and after[0] in ("many", "much"):
            following = after[1:]
            if following and following[0] in _YES_NO:  # 'how much does X cost': the verb, before a preposition
                clause = list(takewhile(lambda w: w not in _PREPOSITIONS, following[1:]))
                found += [w for w in clause if w not in STOPWORDS][-1:]
            else:  # 'how many parameters …': the noun
                found += [w for w in following if w not in STOPWORDS][:1]
        elif word == "when" and after and after[0] in _YES_NO:  # 'when did Meta acquire X': the verb
            clause = list(takewhile(lambda w: w not in _PREPOSITIONS, after[1:]))
            found += [w for w in clause if w not in STOPWORDS][-1:]
        elif word == "how" and after and after[0] not in _YES_NO and after[0] not in STOPWORDS:
            found.append(after[0])  # 'how old', 'how big', 'how good'
        elif word in _ASKS_WHAT or word == "who":
            run = []
            for w in after:
                if w in _SKIP and not run:
                    continue
                if w in _PREPOSITIONS or w in _YES_NO or len(run) == 4:
                    break
                run.append(w)
            found += [w for w in run if w not in STOPWORDS]
        elif word in _PREPOSITIONS and after and after[0] not in STOPWORDS:
            found.append(after[0])
        if after and after[0] == "than" and word.endswith("er") and word not in _COMPARING:
            found.append(word)  # 'faster than', 'cheaper than': the measure asked for
    if not question.yesno and not any(w in ("how", "what", "which", "who", "when", "where", "why")
                                      for w in question.words):
        found += question.content  # terse: every word names what is wanted
    return [w for w in dict.fromkeys(found) if w in question.content and w not in LIGHT and w not in ASKING_VERBS
            and not any(ch.isdigit() for ch in w)]


def _unknown(lex: Lexicon, word: str) -> bool:
    """Whether neither the content nor the questions' vocabulary knows `word` (nor its stem)."""
    return (word not in _KNOWN and word not in lex.index and stem(word) not in lex.stems
            and not any(ch.isdigit() for ch in word))


_QUESTION_WORDS = frozenset(("which", "what", "when", "where", "whose", "does", "have", "many", "much", "about"))
_KNOWN = STOPWORDS | frozenset().union(*INTENT_WORDS.values())
_SHORT_TARGETS = _QUESTION_WORDS | {"open", "made", "best", "date", "lead", "leads", "score", "rank"}


def _spelled(lex: Lexicon, word: str) -> str:
    """`word`, or the known word it is a typo of ('relesed' -> 'released', 'wich' -> 'which'): only for a
    word neither the questions' vocabulary nor the content uses, and only a close one."""
    if len(word) < 4 or word in _KNOWN or word in lex.index or word in MONTH_WORDS or not word.isalpha():
        return word
    if stem(word) in lex.stems:
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

