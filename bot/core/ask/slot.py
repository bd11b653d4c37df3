"""What a question asks for: its slot. The wh-word and the head of its phrase say the kind of value wanted (a
count of what, an amount of money, a date at what grain, someone in a role, a definition, a reason, a place, a
thing of a kind, a yes or no) and which of the question's words name it. An answer must hold the slot
(fit.py); an unknown word that names it makes /ask decline; every other word only weighs on confidence.

General English, not the content's: the nouns that name a kind of value ('month', 'justification', 'budget')
are listed here, so they need not appear in any source.
"""

from __future__ import annotations

from dataclasses import dataclass

from bot.core.ask.phrases import AUX, DETERMINERS, PREPOSITIONS, asked_verb, asserted_heads, clause_words
from bot.core.ask.words import LIGHT, STOPWORDS

KINDS = {
    **dict.fromkeys("date day time".split(), "date"), "month": "date", "year": "date",
    **dict.fromkeys("company companies lab labs firm firms organization organizations org startup startups "
                    "team teams evaluator evaluators".split(), "org"),
    **dict.fromkeys("person guy exec executive executives ceo cto cfo founder boss head leader leaders owner "
                    "chief president".split(), "person"),
    **dict.fromkeys("price prices cost costs budget money cash funding dollars spend spending investment fee "
                    "fees".split(), "money"),
    **dict.fromkeys("reason reasons justification rationale excuse motive motivation explanation pitch".split(),
                    "reason"),
    **dict.fromkeys("kind type sort".split(), "kind"),
    **dict.fromkeys("score scores result results elo points percentage rating ratings usage tally "
                    "consumption".split(), "score"),
    **dict.fromkeys("purpose point goal goals aim".split(), "purpose"),
    **dict.fromkeys("rank ranking place position spot standing".split(), "rank"),
    **dict.fromkeys("model models".split(), "model"),
    **dict.fromkeys("benchmark benchmarks evaluation evaluations test tests".split(), "benchmark"),
    **dict.fromkeys("name names title titles phrase phrases term word words quote slogan line lines tagline "
                    "motto catchphrase badge badges".split(), "name"),
    **dict.fromkeys("count total amount".split(), "count"), "number": "score",
    **dict.fromkeys("gap difference margin".split(), "difference"),
    **dict.fromkeys("area areas field fields domain domains category categories".split(), "standing"),
    **dict.fromkeys("platform platforms app apps service services device devices".split(), "access"),
}
"""Nouns that name a kind of value: 'which month' asks a date at a month's grain, 'the justification' a reason."""
GRAINS = {"month": "month", "year": "year", "day": "day", "date": "day"}
MONEY = frozenset(w for w, kind in KINDS.items() if kind == "money") | {"$", "pay", "paid", "invest", "invested"}
_DIFFERENCE = frozenset("more fewer less higher lower better worse bigger smaller jump gap gain leap difference "
                        "improvement improve improved increase increased ahead behind back beat beats lead leads trail "
                        "trails".split())
_ACCESS = frozenset("use access get try available find run buy download".split())
_STANDING = frozenset("lead leads excel excels shine shines struggle struggles short trail trails rank ranks stand "
                      "place places fall falls weak strong good bad great best worst".split())
_WH = ("how", "what", "which", "who", "whom", "whose", "when", "where", "why")
_ORDINAL = frozenset("first 1st second 2nd third 3rd fourth 4th fifth 5th last number top".split())
NAMING_VERBS = frozenset("mean means stand stands do does measure measures evaluate evaluates test tests "
                         "track tracks cover covers".split())
"""'What does X mean / do / measure': a definition or description of X."""
GROUPS = frozenset("partners partner users user developers developer employees employee physicians people team "
                   "teams companies company labs lab researchers engineers customers members staff evaluator "
                   "evaluators executive executives".split())
"""Nouns for a group, or someone unnamed: 'who can get access' is answered by 'select partners'."""
_EMPTY_VERBS = frozenset("do does did get gets got use uses used have has had be".split())
_COMPARATIVES = frozenset("better worse higher lower more fewer less bigger smaller faster slower stronger weaker "
                          "ahead behind beat beats won wins".split())
_HAPPEN = frozenset("happened happen happens happening".split())
_SCORING = frozenset("score scored scores get got gets".split())
_SOURCE = frozenset("article source text author writer".split())
_RUN_ADJECTIVES = frozenset("first last new next latest main top best".split())
"""Adjectives a noun phrase keeps though they are function words elsewhere ('its first model')."""


@dataclass(frozen=True)
class Slot:
    """The slot a question asks for. `kind`: '' (none read), 'count', 'money', 'amount', 'measure',
    'difference', 'date', 'person', 'org', 'define', 'reason', 'place', 'access', 'standing', 'score', 'rank',
    'model', 'benchmark', 'name', 'kind', 'thing' (a noun of its own: 'titles', 'market'), 'act' (what someone
    did: 'what did Apollo find'), 'manner' ('how was it received'), 'yesno' or 'terse' (no question word).
    `head`: the word that names it (an unknown head makes /ask decline); `grain`: a date's ('year', 'month',
    'day', '' for any); `words`: the question's words an answer must speak of; `plural`: a plural thing, whose
    members an answer must name ('which partners')."""

    kind: str = ""
    head: str = ""
    grain: str = ""
    words: tuple[str, ...] = ()
    plural: bool = False


def asked(words: list[str], named: set[int], yesno: bool) -> Slot:
    """The slot of a question of plain `words` (positions in `named` are records' names)."""
    if yesno:
        verb = asked_verb(words, named)
        return Slot("yesno", head=verb, words=tuple(dict.fromkeys([*asserted_heads(words, named), *verb.split()])))
    at = next((i for i, w in enumerate(words) if w in _WH and i not in named), None)
    if at is None:
        content = [w for i, w in enumerate(words) if i not in named and w not in STOPWORDS and w not in LIGHT]
        kinds = [w for w in content if w in KINDS and KINDS[w] not in ("model", "benchmark")]
        if kinds:  # 'muse spark price', 'opus release date?', 'charxiv score?': the kind of value named
            slot = _noun([kinds[-1]], KINDS[kinds[-1]])
            return Slot(slot.kind, head=slot.head, grain=slot.grain, words=tuple(content))
        return Slot("terse", words=tuple(content))
    wh, after = words[at], words[at + 1 :]
    first = after[0] if after else ""
    if wh == "why" or (wh == "how" and first == "come"):
        return Slot("reason", head="why")
    if wh == "when":
        clause = clause_words(after[1:], named, at + 2) if first in AUX else []
        return Slot("date", head=clause[-1] if clause else "", words=tuple(clause[-1:]))  # the verb: the event
    if wh == "how":
        return _how(after, named, at + 1)
    if wh == "where":
        rest = set(after)
        if rest & _ACCESS:
            return Slot("access", head="where")
        if rest & _STANDING:
            return Slot("standing", head="where")
        return Slot("place", head="where", words=("where",))
    places = [w for i, w in enumerate(after) if w in _ORDINAL and at + 1 + i not in named and (
        w not in ("number", "top") or _numbered(after[i + 1 : i + 2])) and placed(after[i + 1 :])]
    if places and wh in ("who", "which", "what"):
        return Slot("rank", head=places[0])
    if wh in ("which", "who") and set(after) & _COMPARATIVES:
        return Slot("compare", head=next(w for w in after if w in _COMPARATIVES))  # 'which is better, A or B'
    if wh in ("who", "whom", "whose"):
        return _who(after, named, at + 1)
    return _what(wh, after, named, at + 1)


def placed(following: list[str]) -> bool:
    """Whether an ordinal names a place ('2nd on X', 'who is 4th', 'number one'), not a noun's order ('its
    first model')."""
    rest = [w for w in following if w not in ("one",) and not w.isdigit()]
    return not rest or rest[0] in PREPOSITIONS or rest[0] in ("place", "spot", "overall", "most", "least")


def _numbered(following: list[str]) -> bool:
    """Whether 'number' or 'top' is followed by a place ('number one', 'top 3')."""
    return bool(following) and (following[0] == "one" or following[0].isdigit())


def _how(after: list[str], named: set[int], offset: int) -> Slot:
    first = after[0] if after else ""
    if first in ("many", "much"):
        if set(after) & MONEY:
            return Slot("money", head=next(w for w in after if w in MONEY))
        run = _run(after[1:], named, offset + 1, through_names=True)
        if run and run[0] in _DIFFERENCE or first == "much" and set(after) & _DIFFERENCE:
            return Slot("difference", head=next(w for w in after if w in _DIFFERENCE))
        gaps = _DIFFERENCE | {"between"}  # 'by how many points does A trail B', 'how many points between A and B'
        if run and KINDS.get(run[0]) == "score" and set(after) & gaps:
            return Slot("difference", head=next(w for w in after if w in gaps))
        if first == "much" and (not run or after[1] in AUX):
            clause = clause_words(after[2:], named, offset + 2) if len(after) > 1 and after[1] in AUX else []
            return Slot("amount", head=clause[-1] if clause else "", words=tuple(clause[-1:]))
        head = _counted(run)
        return Slot("count", head=head, words=(head,) if head else (), plural=True)
    if first in ("far", "big", "large", "much") and set(after) & _DIFFERENCE:
        return Slot("difference", head=next(w for w in after if w in _DIFFERENCE))
    if first in ("close", "near", "far"):  # 'how close is A to B': the gap between them
        return Slot("difference", head=first)
    if first and first not in AUX and first not in STOPWORDS:
        return Slot("measure", head=first, words=(first,))  # 'how old', 'how big', 'how good'
    clause = clause_words(after[1:], named, offset + 1) if first in AUX else []
    return Slot("manner", head=clause[-1] if clause else "", words=tuple(clause))


def _counted(run: list[str]) -> str:
    """The noun 'how many' counts: the first word of its phrase, or the next when that one is plural and the
    first is not ('how many output tokens', 'how many doctors worked')."""
    if len(run) > 1 and run[1].endswith("s") and not run[0].endswith("s"):
        return run[1]
    return run[0] if run else ""


def _who(after: list[str], named: set[int], offset: int) -> Slot:
    first = after[0] if after else ""
    if first in ("is", "are", "was", "were"):
        run = _run(after[1:], named, offset + 1, through_names=True)
        rest = after[1 + len([w for w in after[1:] if w in DETERMINERS][:1]) + len(run):]
        role = next((w for w in run if KINDS.get(w) in ("person", "org") or w in GROUPS), "")
        if role:
            return Slot("person", head=role, words=(role,))
        if run and not rest and not run[0].endswith("ing"):
            return Slot("define", head=" ".join(run))
    clause = [w for w in clause_words(after, named, offset, verbs=True) if w not in AUX]
    role = next((w for w in clause if KINDS.get(w) in ("person", "org")), "")
    head = role or next((w for w in clause if w not in _EMPTY_VERBS), "")
    return Slot("person", head=head, words=tuple(w for w in clause if w not in _EMPTY_VERBS))


def _what(wh: str, after: list[str], named: set[int], offset: int) -> Slot:
    """'what is X', 'what does X mean', 'which month …', 'what titles …', 'what did X find'."""
    first = after[0] if after else ""
    if first in _HAPPEN or set(after[:4]) & _HAPPEN:
        return Slot("events", head="happened")
    if after[-1:] == ["for"] and first in AUX:
        return Slot("purpose", head="for")  # 'what is the Hyperion data center for'
    if first in AUX and set(after) & _SOURCE and set(after) & {"say", "says", "said", "mention", "mentions"}:
        return Slot("about")  # 'what does the article say about X': anything it says of X
    if first in ("is", "are", "was", "were"):
        run = _run(after[1:], named, offset + 1, through_names=True)
        kind = KINDS.get(run[-1], "") if run else ""
        told = len([w for w in after[1:] if w in DETERMINERS][:1]) + len(run)
        rest = [w for w in after[1 + told :] if w not in LIGHT and w not in ("now", "here")]
        if run and set(run) & _STANDING and rest[:1] in (["at"], ["in"], ["on"]):
            return Slot("standing", head=next(w for w in run if w in _STANDING))
        if run and run[-1].endswith("ing") and run[-1] not in KINDS and (
                offset + 1 + after[1:].index(run[-1]) not in named):  # 'what is meta building', not 'the scaling …'
            clause = [w for w in clause_words(after[1:], named, offset + 1, verbs=True) if w not in LIGHT]
            return Slot("act", head=clause[-1] if clause else "", words=tuple(clause))  # what is meta building
        if run and all(offset + 1 + after[1:].index(w) in named for w in run) and rest[:1] in (
                ["of"], ["for"], ["at"], ["on"]):
            return Slot("score", head="score")  # "what's the gdpval of gpt 5.4", "what's gpt-5.4 at on gdpval"
        if run and (kind or rest):
            return _noun(run, kind)
        return Slot("define", head=" ".join(run))
    if first in ("does", "do", "did") and after[-1:] and after[-1] in NAMING_VERBS:
        return Slot("define" if after[-1] != "do" or first != "did" else "act", head=after[-1])
    if first in AUX:
        clause = [w for w in clause_words(after[1:], named, offset + 1, verbs=True) if w not in LIGHT]
        if set(clause) & _SCORING and first in ("did", "does", "do"):
            return Slot("score", head="score")  # 'what did X get on Y'
        required = tuple(w for w in clause if w not in _EMPTY_VERBS)
        return Slot("act", head=required[-1] if required else "", words=required)
    run = _run(after, named, offset, through_names=True)
    while run and len(run) > 1 and offset + after.index(run[0]) in named:
        run.pop(0)  # 'which meta exec': the exec
    if not run:
        return Slot("define") if wh == "what" else Slot()
    return _noun(run, KINDS.get(run[-1], ""))


def _noun(run: list[str], kind: str) -> Slot:
    head = run[-1]
    if kind == "date":
        return Slot("date", head=head, grain=GRAINS.get(head, ""))
    if kind:
        return Slot(kind, head=head, words=(head,) if kind in ("person", "org", "name") else (),
                    plural=head.endswith("s"))
    return Slot("thing", head=head, words=(head,), plural=head.endswith("s") and not head.endswith("ss"))


def _run(words: list[str], named: set[int], offset: int, through_names: bool = False) -> list[str]:
    """The noun phrase at the start of `words` (skipping determiners), up to a preposition, a verb of the
    question or (unless `through_names`) a name; it ends at a noun naming a kind of value ('which company
    makes …'): 'the silly titles meta gave out' -> ['silly', 'titles']."""
    run: list[str] = []
    for i, word in enumerate(words):
        if word in DETERMINERS and not run:
            continue
        if offset + i in named:
            if not through_names:
                break
        elif word in PREPOSITIONS or word in AUX or (
                word in STOPWORDS and word not in KINDS and word not in _RUN_ADJECTIVES) or (
                run and word.endswith("ed") and word not in KINDS and offset + i - 1 not in named):
            break
        run.append(word)
        if word in KINDS and offset + i not in named or len(run) == 5:
            break
    return run
