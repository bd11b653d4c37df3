"""/faq [question]: the best-matching answer; below the cut-off, /ask answers it or honestly declines."""

from __future__ import annotations

from rapidfuzz import fuzz, process
from rapidfuzz.utils import default_process

from bot.content.catalog import Catalog
from bot.content.schema import FaqEntry
from bot.core.answer import Answer, Status, problem
from bot.core.ask import answer as asking
from bot.core.commands.common import option
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.text import page_of, quote, sources_footer, split_page, without_mentions

GOOD_MATCH = 75.0
PAGE_SIZE = 15


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="faq",
            summary="Answers to common questions; no question lists them all.",
            usage="/faq [question]",
            examples=("/faq", "/faq is muse spark open source", "/faq what is contemplating mode", "/faq 2"),
            options=(Option("question", "Your question, in any words", kind="faq"),),
            handler=faq,
        )
    )


def best_matches(catalog: Catalog, question: str, limit: int = 3) -> list[tuple[FaqEntry, float]]:
    """FAQ entries closest to `question`, best first, each once, with a 0-100 score."""
    query = default_process(question)
    if not query:
        return []
    phrases = [text for text, _ in catalog.faq_phrases]
    found: dict[int, float] = {}
    matches = process.extract(
        query, phrases, scorer=fuzz.token_set_ratio, processor=None, limit=limit * 8, score_cutoff=GOOD_MATCH
    ) or process.extract(query, phrases, scorer=fuzz.token_set_ratio, processor=None, limit=limit * 8)
    for _, score, position in matches:
        entry = catalog.faq_phrases[position][1]
        found.setdefault(entry, score)
    best = sorted(found.items(), key=lambda item: -item[1])[:limit]
    return [(catalog.faq[index], score) for index, score in best]


def faq(context: Context, request: Request) -> Answer:
    """Answer /faq."""
    catalog = context.catalog
    text = without_mentions(option(request.options, "question") if request.options else request.text)
    if not catalog.faq:
        return problem("No FAQ entries yet", Status.NOT_FOUND, "The content has no FAQ section.")
    listing_text, page_text = split_page(text)
    if not listing_text:
        return _listing(catalog, page_text or request.page)
    if text.isdecimal():
        if 1 <= int(text) <= len(catalog.faq):
            return _answer(catalog, catalog.faq[int(text) - 1])
        return problem(
            f"There is no question {quote(text, 12)}",
            Status.NOT_FOUND,
            f"There are {len(catalog.faq)} questions: pick a number from 1 to {len(catalog.faq)}, or ask in words.",
            suggestions=("/faq",),
        )
    exact = catalog.faq_names.get(text)
    if exact is not None:
        return _answer(catalog, next(e for e in catalog.faq if e.id == exact))
    matches = best_matches(catalog, text)
    if matches and matches[0][1] >= GOOD_MATCH and asking.supports(catalog, text, f"/faq {matches[0][0].question}"):
        return _answer(catalog, matches[0][0])
    handed = asking.respond(catalog, text)  # below the cut-off: the fact that answers it, or an honest decline
    if handed.ok:
        return handed
    return problem(
        f"No answer matches {quote(text)} well",
        Status.NOT_FOUND,
        *((handed.title,) if handed.status is Status.NOT_FOUND else ()),
        "The closest questions are:" if matches else "Try /faq to list every question.",
        *(f"• {entry.question}" for entry, _ in matches),
        suggestions=tuple(f"/faq {entry.question}" for entry, _ in matches) or ("/faq",),
    )


def _answer(catalog: Catalog, entry: FaqEntry) -> Answer:
    return Answer(
        title=entry.question,
        lines=(entry.answer,),
        footer=sources_footer(catalog, [(entry.source, None)]),
        suggestions=("/faq",),
    )


def _listing(catalog: Catalog, page: int) -> Answer:
    numbered = [f"{index}. {entry.question}" for index, entry in enumerate(catalog.faq, start=1)]
    shown, page, pages = page_of(numbered, page, PAGE_SIZE)
    return Answer(
        title="Frequently asked questions",
        lines=tuple(shown),
        footer=("Ask with /faq followed by a question in your own words, or its number.",),
        suggestions=(f"/faq {catalog.faq[0].question}",),
        page=page,
        pages=pages,
    )
