"""'What is X?' gets X's own description or definition, or a decline: never a sentence that merely
mentions X, nor another thing's definition.

X's own: a benchmark's `measures`; an acronym's full name ('MSL' is Meta Superintelligence Labs); else a
sentence that defines X: 'X is a/the/Meta's …', 'X (the chatbot in …)', '… called X', 'titles like “X”',
'Third-party evaluator X', and for a term no record holds, 'X <does something>' at a sentence's start
('OpenClaw chains skills together'). A phrase the source writes in lower case ('evaluation awareness')
is answered by the sentence that uses it. An organization's first fact answers only when it describes
it ('A third-party evaluator …'); a product typed ('Meta AI') is never answered with its maker's facts.
"""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.answer import Answer
from bot.core.ask.lexicon import Lexicon, Passage, lexicon
from bot.core.ask.question import Question
from bot.core.ask.reply import decline, quoted, reply
from bot.core.ask.slot import KINDS, NAMING_VERBS

_ASKING = NAMING_VERBS | frozenset("what who whats is are was were the a an did meant for exactly define explain "
                                   "describe tell me about check checks".split())
"""The words of a definition question around the thing it names ('what does X stand for')."""
_EMPHASIS = frozenset("exactly actually really even precisely basically here now again".split())
"""Adverbs that leave 'what (exactly) is X' a definition question."""
_ROLES = frozenset("ceo founder evaluator company lab startup team model benchmark chatbot framework evaluation "
                   "called named".split())
_OPENING = (r"^(?:the\s+)?{x}(?:\s+(?:is|are|was|were)\s+(?:a|an|the|one|its|their|(?:[\w.-]+\s+){{0,2}}[\w.-]+[’']s)\b"
            r"|\s*\((?![A-Z]{{2,5}}\)|[\d$])|,\s+(?:a|an|the)\b)")
_AFTER = (r"(?:called|named|known as|like|such as)\s+(?:[“\"][^”\"]+[”\"],?\s+(?:and\s+|or\s+)?)*[“\"']?{x}\b"
          r"|(?:{roles})\s+{x}\b"
          r"|\b{x}\s*\((?![A-Z]{{2,5}}\)|[\d$])")  # 'X (the chatbot …)', not 'X (MSL)' or 'X (40.1)'"
_DOING = r"^(?:the\s+)?{x}\s+(?!is\b|are\b|was\b|were\b)[a-z]+s\b"


def define(catalog: Catalog, question: Question) -> Answer | None:
    """The definition a 'what is X' question asks for, a decline when the source gives none, or None when
    the question is not one."""
    words = question.words
    if question.yesno or question.date or not _defining_question(question) or question.slot.kind in _VALUED:
        return None  # 'what are the Claudeonomics titles' asks the titles, not what Claudeonomics is
    typed = [w for i, w in enumerate(words) if w not in _ASKING and w not in _EMPHASIS and not _kind_of(words, i)
             and not any(m.at <= i < m.at + len(m.words) for m in question.mentions)]
    lex = lexicon(catalog)
    if len(question.mentions) == 1 and not typed:
        return _record(catalog, lex, question)
    if question.mentions or not typed or len(typed) > 4:
        return None
    term = " ".join(typed)
    found = _defining(lex, term, doing=True)
    if found is None and len(typed) > 1 and typed[-1] not in KINDS:  # 'the Claudeonomics leaderboard', not 'AI budget'
        found = _defining(lex, " ".join(typed[:-1]), doing=True)
    if found is None:
        return decline(catalog, question, f"what {term} is")
    return quoted(catalog, question, found)


_VALUED = frozenset("name person count money amount date score rank access standing reason purpose".split())


def _defining_question(question: Question) -> bool:
    """'what is X', 'who are X', 'what does X mean / do / measure', 'define X', 'tell me about X'; not 'what
    is X for' (a purpose), 'what did X do' (an event) nor 'who is dominating …' (someone doing something)."""
    kept = [i for i, w in enumerate(question.words) if w not in _EMPHASIS and not _kind_of(question.words, i)]
    words = [question.words[i] for i in kept]  # 'what (kind of model) is it (exactly)': what it is
    if len(words) < 2 or words[-1] == "for":
        return False
    if words[0] in ("define", "explain", "describe") or words[:3] == ["tell", "me", "about"]:
        return True
    if words[0] in ("what", "who") and words[1] in ("is", "are", "was", "were"):
        return not words[2:3] or not words[2].endswith("ing") or any(m.at == kept[2] for m in question.mentions)
    return words[0] == "what" and words[1] in ("does", "do") and words[-1] in (
        "mean", "do", "measure", "evaluate", "test", "check", "track", "cover")


def _kind_of(words: list[str], at: int) -> bool:
    """Whether words[at] belongs to 'what kind of <noun>' (which asks what the thing is)."""
    kind = words[:1] == ["what"] and words[1:2] in (["kind"], ["type"], ["sort"]) and words[2:3] == ["of"]
    return kind and 0 < at < 4


def _record(catalog: Catalog, lex: Lexicon, question: Question) -> Answer | None:
    mention = question.mentions[0]
    typed = " ".join(mention.words)
    if mention.words == ("it",):
        typed = catalog.label(mention.id)
    record_id = mention.id
    name = _name(catalog, record_id)
    said = []
    if _initials(name) == normalize(typed) and len(typed) < len(name):
        said.append(f"{typed.upper()} is short for {name}.")
    if (bench := catalog.benchmarks.get(record_id)) is not None:
        if bench.measures:
            return reply(catalog, " ".join([*said, f"{bench.name}: {bench.measures}"]), (), f"/rank {bench.name}", [])
    product = lex.products.get(normalize(typed)) == record_id
    found = _defining(lex, typed if product else name, doing=False)
    if found is None and not product and record_id in lex.modes:
        found = _defining(lex, name.removesuffix(" mode"), doing=False)
    if found is not None:
        answer = quoted(catalog, question, found)
        return answer if not said else reply(catalog, f"{said[0]} {answer.title}", answer.lines[:-1],
                                             found.origin, [(found.source, found.as_of)])
    model = catalog.models.get(record_id)
    if model is not None and (model.facts or model.availability):
        fact = model.facts[0] if model.facts else None
        text, source = (fact.text, fact.source) if fact else (model.availability, model.source)
        return reply(catalog, f"{model.name}: {text}", (), f"/compare {model.name}", [(source, model.as_of)])
    org = catalog.organizations.get(record_id)
    if org is not None and not product and org.facts and re.match(r"^(?:A|An|The)\s", org.facts[0].text):
        fact = org.facts[0]
        return reply(catalog, " ".join([*said, f"{org.name}: {fact.text}"]), (), f"/timeline {org.name}",
                     [(fact.source, fact.as_of)])
    if said:
        return reply(catalog, said[0], (), f"/timeline {name}", [])
    return decline(catalog, question, f"what {typed if product else name} is")


def _name(catalog: Catalog, record_id: str) -> str:
    if record_id in catalog.benchmarks:
        return catalog.benchmarks[record_id].name
    if "#" in record_id:
        model_id, mode = record_id.split("#", 1)
        return next((f"{m} mode" for m in catalog.models[model_id].modes if normalize(m) == mode), record_id)
    return catalog.label(record_id)


def _initials(name: str) -> str:
    return "".join(word[0] for word in re.findall(r"[A-Za-z][\w’']*", name)).casefold()


def _defining(lex: Lexicon, term: str, doing: bool) -> Passage | None:
    """The first passage whose sentence defines `term`, by the patterns above."""
    words = [re.escape(w) for w in term.casefold().split()]
    if not words:
        return None
    x = r"[“\"']?" + r"[\s\-]+".join(words) + r"[”\"']?"
    patterns = [re.compile(_OPENING.format(x=x), re.IGNORECASE),
                re.compile(_AFTER.format(x=x, roles="|".join(_ROLES)), re.IGNORECASE)]
    if doing:
        patterns.append(re.compile(_DOING.format(x=x), re.IGNORECASE))
    subject = re.compile(rf"^(?:the\s+)?{x}(?:\s+[\w-]+){{0,2}}\s+(?:is|are|was|were|has|have)\b", re.IGNORECASE)
    phrase = re.compile(rf"\b{x}\b", re.IGNORECASE)
    holding = None  # only passages holding every word of X can define it
    for word in term.casefold().split():
        hits = set(lex.index.get(word.strip("“”\"'"), ()))
        holding = hits if holding is None else holding & hits
    tiers: list[Passage | None] = [None, None, None]  # a definition; X as the subject; a lower-case phrase's use
    candidates = [lex.passages[n] for n in sorted(holding or ())]
    for passage in sorted(candidates, key=lambda p: not p.context):  # the text's own words first
        for sentence in re.split(r"(?<=[.;!?])\s+", passage.text):
            found = next((m for p in patterns if (m := p.search(sentence))), None)
            written = phrase.search(sentence)
            if found and (len(words) > 1 or written is not None and written.group(0).lstrip("“\"'")[:1].isupper()):
                return passage  # one word defines only as a name ('OpenClaw'), not 'open source (Llama …)
            if tiers[1] is None and subject.search(sentence):
                tiers[1] = passage
            if tiers[2] is None and len(words) > 1 and (m := phrase.search(sentence)) and m.group(0).islower() and (
                    not _listed(sentence, m)):  # 'with tool use, visual chain of thought, and …' lists, not uses
                tiers[2] = passage
    return tiers[1] or tiers[2]


def _listed(sentence: str, match: re.Match[str]) -> bool:
    """Whether the phrase matched is an item of a list in `sentence` ('X, Y, and Z'): named, not used."""
    before, after = sentence[: match.start()].rstrip(), sentence[match.end():].lstrip()
    first = after[:1] == "," and re.search(r"\s(?:and|or)\s", after) is not None  # 'with X, Y, and Z'
    return first or before.endswith((",", ", and", ", or")) or before.endswith(("and", "or")) and after[:1] in (".", "")
