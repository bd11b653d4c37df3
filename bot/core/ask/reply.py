"""Shaping what /ask says: an answer in a sentence with where it came from, or a decline."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.names import normalize
from bot.core.answer import Answer, Status
from bot.core.ask.cover import closest
from bot.core.ask.lexicon import lexicon
from bot.core.ask.question import INTENT_WORDS, Question
from bot.core.commands import common
from bot.core.text import quote, shorten, sources_footer


def left(question: Question, *kinds: str) -> list[str]:
    """The question's meaningful words that the vocabulary of these kinds of question does not account for."""
    vocabulary = set().union(*(INTENT_WORDS[k] for k in kinds))
    return [w for w in question.content if w not in vocabulary]


def reply(catalog: Catalog, sentence: str, lines: tuple[str, ...], origin: str, cited: list) -> Answer:
    """An answer: the sentence, any quoted statements, 'From: <command>', and the sources with as-of dates."""
    return Answer(title=shorten(sentence, 250), lines=(*lines, f"From: {origin}"),
                  footer=sources_footer(catalog, cited), suggestions=(origin,))


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
    found = getattr(common, "organization_models", None)
    if found is None:
        return []
    return [f"/rank {catalog.label(m)}" for org in question.of("org") for m in found(catalog, org)[:2]]


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


def one(question: Question, kind: str) -> str | None:
    """The id of the one record of `kind` the question names, or None (none, or several)."""
    found = question.of(kind)
    return found[0] if len(found) == 1 else None
