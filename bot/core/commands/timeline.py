"""/timeline [filter]: dated events, oldest first, filtered by year, month, entity or words."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.schema import Event
from bot.core.answer import Answer, Field, Status, Table, problem
from bot.core.commands.common import option
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.text import MONTHS, date, page_of, quote, sources_footer, split_page

PAGE_SIZE = 10
_MONTH_NUMBERS = {
    spelling: number
    for number, name in enumerate(MONTHS, start=1)
    for spelling in (name.lower(), name[:3].lower(), name[:4].lower())  # 'sept' too
}
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$", re.IGNORECASE)


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="timeline",
            summary="Dated events, oldest first; filter by year, month, model, company or words.",
            usage="/timeline [filter]",
            examples=("/timeline", "/timeline 2026-04", "/timeline april 2026", "/timeline llama", "/timeline tokens"),
            options=(Option("filter", "A year, a month (2026-04), a model or company, or words", kind="text"),),
            handler=timeline,
        )
    )


def date_prefix(text: str) -> str | None:
    """'2026' -> '2026', '2026-4' or 'April 2026' -> '2026-04'; anything else -> None."""
    if match := _YEAR.match(text):
        return match.group(1)
    if match := _YEAR_MONTH.match(text):
        year, month = match.groups()
    elif (match := _MONTH_YEAR.match(text)) and match.group(1).lower() in _MONTH_NUMBERS:
        year, month = match.group(2), str(_MONTH_NUMBERS[match.group(1).lower()])
    else:
        return None
    return f"{year}-{int(month):02d}" if 1 <= int(month) <= 12 else None


def select(catalog: Catalog, text: str) -> tuple[list[Event], str]:
    """The events `text` picks, and a description of the filter."""
    if not text:
        return list(catalog.events), "all events"
    if (prefix := date_prefix(text)) is not None:
        return catalog.events_in(prefix), date(prefix)
    if (entity := catalog.entity_names.get(text)) is not None:
        return catalog.events_by_entity.get(entity, []), catalog.label(entity)
    texts = catalog.event_texts
    matching = range(len(texts))
    for word in text.casefold().split():
        matching = [index for index in matching if word in texts[index]]
    return [catalog.events[index] for index in matching], quote(text)


def timeline(context: Context, request: Request) -> Answer:
    """Answer /timeline."""
    catalog = context.catalog
    text, page_text = split_page(option(request.options, "filter") if request.options else request.text)
    events, described = select(catalog, text)
    if not events:
        close = catalog.entity_names.suggest(text)
        return problem(
            f"No events match {described}",
            Status.NOT_FOUND,
            f"Try a year such as {catalog.events[-1].date[:4]}, a month such as 2026-04, or a name."
            if catalog.events
            else "There are no events in the content yet.",
            *([f"Did you mean: {', '.join(close)}?"] if close else []),
            suggestions=tuple(f"/timeline {name}" for name in close) or ("/timeline",),
        )
    shown, page, pages = page_of(events, page_text or request.page, PAGE_SIZE)
    entity = catalog.entity_names.get(text) if text else None
    record = catalog.organizations.get(entity) or catalog.models.get(entity) if entity else None
    facts = record.facts if record is not None and page == 1 else []
    return Answer(
        title=f"Timeline: {described}" + (f" ({len(events)} events)" if len(events) > 1 else ""),
        fields=(Field(f"About {record.name}", "\n".join(f"• {f.text}" for f in facts), inline=False),) if facts else (),
        table=Table(("Date", "Event", "Detail"), tuple((date(e.date), e.title, e.detail or "") for e in shown)),
        footer=sources_footer(catalog, [(e.source, None) for e in shown] + [(f.source, f.as_of) for f in facts]),
        suggestions=(f"/timeline {text} page {page + 1}".replace("  ", " "),) if page < pages else (),
        page=page,
        pages=pages,
    )
