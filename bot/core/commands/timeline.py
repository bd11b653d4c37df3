"""/timeline [filter]: dated events, oldest first, filtered by date, month, entity or words."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from bot.content.catalog import Catalog
from bot.content.names import search_words
from bot.content.schema import Event, Model, Organization
from bot.core.answer import Answer, Status, Table, problem
from bot.core.commands.common import (
    close_names,
    facts_field,
    maker_of,
    mentions,
    mentions_answer,
    option,
)
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request
from bot.core.text import MONTHS, date, odd_page, page_of, quote, sources_footer, split_page, without_mentions

PAGE_SIZE = 10
_MONTH_NUMBERS = {
    spelling: number
    for number, name in enumerate(MONTHS, start=1)
    for spelling in (name.lower(), name[:3].lower(), name[:4].lower())  # 'sept' too
}
_YEAR = re.compile(r"^(\d{4})$")
_YEAR_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")
_MONTH_YEAR = re.compile(r"^([a-z]+)\.?\s+(\d{4})$", re.IGNORECASE)
_ISO_DAY = re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$")
_DAY = r"(\d{1,2})(?:st|nd|rd|th)?"
_MONTH = r"([a-z]+)\.?"
_MONTH_DAY = re.compile(rf"^{_MONTH}\s+{_DAY}(?:,?\s+(\d{{4}}))?$", re.IGNORECASE)  # april 8, 2026 / april 8
_DAY_MONTH = re.compile(rf"^{_DAY}\s+(?:of\s+)?{_MONTH}(?:,?\s+(\d{{4}}))?$", re.IGNORECASE)  # 8 april 2026


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="timeline",
            summary="Dated events, oldest first; filter by year, month, model, company or words.",
            usage="/timeline [filter]",
            examples=("/timeline", "/timeline 2026-04", "/timeline april", "/timeline april 8, 2026", "/timeline llama",
                      "/timeline layoffs"),
            options=(
                Option("filter", "A year, month (2026-04, april) or day, a model or company, or words", kind="text"),
            ),
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


def day_filter(text: str) -> tuple[int | None, int, int | None] | None:
    """(year, month, day) of '2026-04-08', 'april 8, 2026', '8 april 2026' or 'april 8' (year None), (None,
    month, None) of a month alone ('april'); None for anything else or a day that does not exist."""
    text = text.strip().casefold()
    if (month := _MONTH_NUMBERS.get(text.rstrip("."))) is not None:
        return None, month, None
    if match := _ISO_DAY.match(text):
        year, month, day = (int(part) for part in match.groups())
    elif (match := _MONTH_DAY.match(text) or _DAY_MONTH.match(text)) is not None:
        first, second, year_text = match.groups()
        name, day_text = (first, second) if match.re is _MONTH_DAY else (second, first)
        if name not in _MONTH_NUMBERS:
            return None
        year, month, day = int(year_text) if year_text else None, _MONTH_NUMBERS[name], int(day_text)
    else:
        return None
    try:
        dt.date(year or 2024, month, day)  # 2024: a leap year, so 'feb 29' alone exists
    except ValueError:
        return None
    return year, month, day


@dataclass(frozen=True)
class Selection:
    """The events a filter picks, how to describe the filter, and the record whose facts to show."""

    events: list[Event]
    described: str
    record: Organization | Model | None = None


def select(catalog: Catalog, text: str) -> Selection:
    """The events `text` picks: a date, a month of any year, a model or organization (also by a product's
    name or a close spelling), or words (as typed, their synonyms in the content, or close spellings)."""
    if not text:
        return Selection(list(catalog.events), "all events")
    if (prefix := date_prefix(text)) is not None:
        return Selection(catalog.events_in(prefix), date(prefix))
    if (day := day_filter(text)) is not None:
        return _on_day(catalog, *day)
    entity = catalog.entity_names.get(text) or maker_of(catalog, text)
    if entity is not None:
        record = catalog.organizations.get(entity) or catalog.models.get(entity)
        events = catalog.events_by_entity.get(entity) or _words(catalog, record.name if record else text)
        return Selection(events, catalog.label(entity), record)
    if events := _words(catalog, text):
        return Selection(events, quote(text))
    close = catalog.entity_names.close_same_numbers(text, 2)  # a typo, never another version ('llama 3')
    if len(close) == 1 or (len(close) == 2 and close[0][1] - close[1][1] >= 5):  # one clear best: a typo
        return select(catalog, catalog.label(close[0][0]))
    return Selection([], quote(text))


def _words(catalog: Catalog, text: str) -> list[Event]:
    """Events whose title or detail holds every word of `text` (synonyms and close spellings count)."""
    indexes = search_words(catalog.event_texts, text, getattr(catalog, "synonyms", None))
    return [catalog.events[index] for index in indexes]


def _on_day(catalog: Catalog, year: int | None, month: int, day: int | None) -> Selection:
    """Events on one day, or in one month of every year (events dated only by year never match)."""
    if year is not None and day is not None:
        prefix = f"{year}-{month:02d}-{day:02d}"
        return Selection(catalog.events_in(prefix), date(prefix))
    suffix = f"-{month:02d}" + (f"-{day:02d}" if day else "")
    events = [e for e, d in zip(catalog.events, catalog.event_dates) if d[4:].startswith(suffix)]
    described = MONTHS[month - 1] + (f" {day}" if day else "")
    return Selection(events, f"{described}, every year")


def timeline(context: Context, request: Request) -> Answer:
    """Answer /timeline."""
    catalog = context.catalog
    typed = option(request.options, "filter") if request.options else request.text
    text, page_text = split_page(without_mentions(typed))  # '@everyone' names nothing: ignored
    if typed.strip() and not text and page_text is None:
        return problem(f"No events match {quote(typed)}", Status.NOT_FOUND, "Mentions name no event; try a year, a "
                       "month, a date, a name or words.", suggestions=("/timeline",))
    typed_page = None
    if page_text is None:  # 'page 99999999' or 'page -1': out of range, not words
        text, typed_page = odd_page(text)
        page_text = 10**12 if typed_page else None
    chosen = select(catalog, text)
    events, described, record = chosen.events, chosen.described, chosen.record
    if not events and record is not None and record.facts:
        return Answer(
            title=f"Timeline: {described}",
            lines=(f"No dated events name {record.name}; what the sources say about it:",),
            fields=(facts_field(record),),
            footer=sources_footer(catalog, [(f.source, f.as_of) for f in record.facts]),
            suggestions=(f"/rank {record.name}",),
        )
    if not events and record is not None:
        return problem(
            f"No events name {record.name}",
            Status.NOT_FOUND,
            f"The content has no dated events or facts about {record.name}.",
            suggestions=(f"/rank {record.name}",),
        )
    if not events and (found := mentions(catalog, text)):
        return mentions_answer(catalog, text, found, "/timeline")
    if not events:
        close = close_names(catalog, text)
        return problem(
            f"No events match {described}",
            Status.NOT_FOUND,
            f"Try a year such as {catalog.events[-1].date[:4]}, a month such as 2026-04 or april, a date, or a name."
            if catalog.events
            else "There are no events in the content yet.",
            *([f"Did you mean: {', '.join(close)}?"] if close else []),
            suggestions=tuple(f"/timeline {name}" for name in close) or ("/timeline",),
        )
    wanted = request.page if page_text is None else page_text
    shown, page, pages = page_of(events, wanted, PAGE_SIZE)
    if wanted != page:
        return problem(
            f"There is no page {quote(typed_page or str(wanted), 12)}",
            Status.NOT_FOUND,
            f"There is only 1 page of {described}."
            if pages == 1
            else f"There are {pages} pages of {described}: pick a page from 1 to {pages}.",
            suggestions=(f"/timeline {text}".strip(),),
        )
    facts = record.facts if record is not None and page == 1 else []
    return Answer(
        title=f"Timeline: {described}" + (f" ({len(events)} events)" if len(events) > 1 else ""),
        fields=(facts_field(record),) if record is not None and facts else (),
        table=Table(("Date", "Event", "Detail"), tuple((date(e.date), e.title, e.detail or "") for e in shown)),
        footer=sources_footer(catalog, [(e.source, None) for e in shown] + [(f.source, f.as_of) for f in facts]),
        suggestions=(f"/timeline {text} page {page + 1}".replace("  ", " "),) if page < pages else (),
        page=page,
        pages=pages,
    )
