"""Digests: a snapshot of what a channel was shown, and what changed in the content since.

A digest says only what the content says: every number comes with its as-of date (and its source
when the digest cites more than one), and the footer lists the sources as other answers do.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import replace
from typing import Any, NamedTuple

from bot.content.catalog import Catalog
from bot.content.schema import Benchmark, Score
from bot.core.answer import Answer, Table
from bot.core.chart import Chart
from bot.core.commands.common import ranking_table, score_text, top_label
from bot.core.commands.help import LABELS, plural
from bot.core.commands.news import announced, digest_items, with_news
from bot.core.commands.plots import ranking_chart
from bot.core.digests import Digest, Snapshot
from bot.core.news import NewsSnapshot
from bot.core.schedule import run_time
from bot.core.text import date, number, shorten, sources_footer

__all__ = ["compose", "snapshot"]

FORMAT = 1
MAX_ITEMS = 8
"""Items shown per section before its 'and N more' line."""
BUDGET = 3600
"""Characters all change lines and news items may take together: with the headline table and footer, a
digest stays inside one Discord message (6,000 characters) and well inside Slack's limits."""
NEWS_SHARE = 1500
"""The most of BUDGET news items take; change lines get the rest."""
MAX_LINE = 300
SOURCE_NAME = 40


class _Item(NamedTuple):
    """One change, with what it cites."""

    text: str
    source: str
    as_of: dt.date | None
    was_source: str = ""
    """For a changed score: where the old value came from, and its as-of date."""
    was_as_of: dt.date | None = None

    def cites(self) -> list[tuple[str, dt.date | None]]:
        return [(self.source, self.as_of)] + ([(self.was_source, self.was_as_of)] if self.was_source else [])


def key(bench_id: str, model_id: str, mode: str | None) -> str:
    """A score's snapshot key, 'benchmark|model|mode' (ids hold no '|'; the mode comes last)."""
    return f"{bench_id}|{model_id}|{mode or ''}"


def _placed(catalog: Catalog, bench: Benchmark) -> dict[str, tuple[int, Score]]:
    """Each model's best place on `bench` and the score that earns it, best first."""
    best: dict[str, tuple[int, Score]] = {}
    for score in catalog.rankings[bench.id]:
        best.setdefault(score.model, (catalog.place(bench, score.value), score))
    return best


def snapshot(catalog: Catalog) -> Snapshot:
    """What a digest of `catalog` shows, as compact JSON-ready data: each benchmark's ranking best
    first as [model, mode, value, cite] rows (cite: an index into `cites`, [source, as-of] pairs),
    event ids and FAQ ids."""
    cites: dict[tuple[str, str], int] = {}
    rankings = {
        bench.id: [
            [s.model, s.mode or "", s.value, cites.setdefault((s.source, s.as_of.isoformat()), len(cites))]
            for s in catalog.rankings[bench.id]
        ]
        for bench in catalog.benchmarks.values()
    }
    return {
        "format": FORMAT,
        "version": catalog.version,
        "as_of": catalog.as_of,
        "rankings": rankings,
        "cites": [list(pair) for pair in cites],
        "events": [event.id for event in catalog.events],
        "faq": [entry.id for entry in catalog.faq],
    }


def _news_until(previous: Snapshot | None) -> dt.datetime | None:
    """When the newest item the previous digest could list arrived: the next one lists only later ones,
    so an item stored while that digest was being posted is not skipped."""
    try:
        return dt.datetime.fromisoformat(previous["news_until"]) if previous and previous.get("news_until") else None
    except (TypeError, ValueError, AttributeError):
        return None


def _read(previous: Snapshot | None) -> dict[str, Any] | None:
    """`previous` as places by benchmark and model, scores by key as (value, source, as-of), and
    event and FAQ id sets; None (a first digest) when it is not a snapshot of this format."""
    if not isinstance(previous, dict) or previous.get("format") != FORMAT:
        return None
    try:
        cites = [(str(source), dt.date.fromisoformat(as_of)) for source, as_of in previous["cites"]]
        places: dict[str, dict[str, int]] = {}
        scores: dict[str, tuple[float, str, dt.date]] = {}
        for bench, rows in previous["rankings"].items():
            places[bench] = {}
            last, place = None, 0
            for index, (model, mode, value, cite) in enumerate(rows):  # best first: ties share a place
                if value != last:
                    last, place = value, index + 1
                places[bench].setdefault(str(model), place)
                scores[key(bench, str(model), str(mode))] = (float(value), *cites[int(cite)])
        return {"rankings": places, "scores": scores, "events": set(map(str, previous["events"])),
                "faq": set(map(str, previous["faq"]))}
    except (KeyError, TypeError, ValueError, AttributeError, IndexError):
        return None


def compose(
    catalog: Catalog, previous: Snapshot | None, *, top_n: int, since: dt.datetime | None, chart: bool = False,
    news: NewsSnapshot | None = None,
) -> Digest:
    """The digest of `catalog` for a channel that last saw `previous` (None: its first digest, the
    current state), delivered last at `since`; the Digest's `news` is False when nothing changed. `chart`:
    the headline leaderboard comes as a chart too. `news`: the feeds' snapshot, whose items that arrived
    since the newest item the last digest could list (else `since`) the digest lists
    (bot.core.commands.news.announced)."""
    current = snapshot(catalog)
    seen = _read(previous)
    headline = _headline(catalog, top_n, chart)
    until = _news_until(previous)
    fresh = announced(news, until or since)
    newest = max((item.arrived for item in fresh if item.arrived is not None), default=until)
    current["news_until"] = newest.isoformat() if newest else None
    linked, more, used = digest_items(catalog, fresh, NEWS_SHARE)
    if seen is None:
        first = replace(_first(catalog, headline), chart=headline.chart)
        return Digest(with_news(first, linked, more), current, news=True)
    sections = [
        ("Rank moves", "rank moves", _moves(catalog, seen["rankings"])),
        ("New and changed scores", "scores", _scores(catalog, seen)),
        ("New events", "events", _events(catalog, seen["events"])),
        ("New FAQ entries", "FAQ entries", _faq(catalog, seen["faq"])),
    ]
    when = f"since {run_time(since, 'UTC')}" if since else "since the last digest"
    if not any(items for _, _, items in sections) and not fresh:
        return Digest(Answer(title=f"No news in the AI model race {when}", footer=_version(catalog)), current, False)
    named = len({source for _, _, items in sections for item in items for source, _ in item.cites()}) > 1
    lines: list[str] = []
    cited: list[tuple[str, dt.date | None]] = []
    budget = BUDGET - used
    for heading, noun, items in sections:
        if items:
            shown, count, budget = _trimmed(catalog, items, noun, named, budget - len(heading))
            lines += [f"{heading}:", *shown]
            cited += [pair for item in items[:count] for pair in item.cites()]
    answer = Answer(
        title=f"AI model race: what changed {when}",
        lines=(*lines, *headline.caption),
        table=headline.table,
        footer=sources_footer(catalog, cited + headline.cited) + _version(catalog),
        suggestions=("/rank", "/timeline"),
        chart=headline.chart,
    )
    return Digest(with_news(answer, linked, more), current, news=True)


def _first(catalog: Catalog, headline: _Headline) -> Answer:
    """A first digest: what the content holds and the headline leaderboard, no history."""
    counts = ", ".join(f"{count} {plural(LABELS[kind], count)}" for kind, count in catalog.counts().items())
    return Answer(
        title="AI model race: where things stand",
        lines=(
            f"Content: {counts}. Scores as of {catalog.as_of or 'n/a'}.",
            "Later digests say what changed: rank moves, new and changed scores, "
            "new events and FAQ entries.",
            *headline.caption,
        ),
        table=headline.table,
        footer=sources_footer(catalog, headline.cited) + _version(catalog),
        suggestions=("/rank", "/timeline", "/faq"),
    )


class _Headline(NamedTuple):
    """The headline benchmark's top N as /rank shows it (a tie at the cut included), the line that
    introduces it, the sources it cites, and (when asked) the same scores as a chart."""

    table: Table | None = None
    caption: tuple[str, ...] = ()
    cited: list[tuple[str, dt.date | None]] = []
    chart: Chart | None = None


def _headline(catalog: Catalog, top_n: int, chart: bool) -> _Headline:
    bench = catalog.benchmarks.get(catalog.headline)
    if bench is None or not bench.scores:
        return _Headline()
    top = catalog.top(bench, max(1, top_n))
    cut = top_label(catalog, bench, max(1, top_n), top)
    cited = [(s.source, s.as_of) for s in top]
    picture = ranking_chart(catalog, bench, top, sources_footer(catalog, cited), cut) if chart else None
    caption = f"{bench.name}, {cut} ({bench.direction} is better):"
    return _Headline(ranking_table(catalog, bench, top), (caption,), cited, picture)


def _version(catalog: Catalog) -> tuple[str, ...]:
    return (f"Content version {catalog.version}",) if catalog.version else ()


def _moves(catalog: Catalog, before: dict[str, dict[str, int]]) -> list[_Item]:
    """Places that changed on benchmarks the last digest knew: new leaders first, then other moves.
    A model new to a benchmark below #1 is listed with the new scores instead."""
    leaders: list[_Item] = []
    moves: list[_Item] = []
    for bench in catalog.benchmarks.values():
        old = before.get(bench.id)
        if not old:
            continue
        placed = _placed(catalog, bench)
        tied = sum(place == 1 for place, _ in placed.values()) > 1
        for model, (place, score) in placed.items():
            was = old.get(model)
            name, shown = catalog.label(model), score_text(bench, score)
            if place == 1 and was != 1:
                verb = "ties for #1" if tied else "takes #1"
                text = f"{name} {verb} on {bench.name} with {shown} ({f'was #{was}' if was else 'new'})"
                leaders.append(_Item(text, score.source, score.as_of))
            elif was is not None and place != was:
                text = f"{name} moves #{was} → #{place} on {bench.name} ({shown})"
                moves.append(_Item(text, score.source, score.as_of))
    return leaders + moves


def _scores(catalog: Catalog, seen: dict[str, Any]) -> list[_Item]:
    """Changed scores (old → new) first, then new ones with their place."""
    old: dict[str, tuple[float, str, dt.date]] = seen["scores"]
    changed: list[_Item] = []
    added: list[_Item] = []
    for bench in catalog.benchmarks.values():
        for score in catalog.rankings[bench.id]:
            was = old.get(key(bench.id, score.model, score.mode))
            mode = f" ({score.mode} mode)" if score.mode else ""
            name = f"{catalog.label(score.model)}{mode} on {bench.name}"
            now = number(score.value, bench.unit)
            if was is None:
                text = f"New: {name}: {now} (#{catalog.place(bench, score.value)})"
                added.append(_Item(text, score.source, score.as_of))
            elif was[0] != score.value:
                text = f"{name}: {number(was[0], bench.unit)} → {now}"
                changed.append(_Item(text, score.source, score.as_of, was_source=was[1], was_as_of=was[2]))
    return changed + added


def _events(catalog: Catalog, seen: set[str]) -> list[_Item]:
    return [_Item(f"{date(e.date)}: {e.title}", e.source, None) for e in catalog.events if e.id not in seen]


def _faq(catalog: Catalog, seen: set[str]) -> list[_Item]:
    return [
        _Item(f"{entry.question} (/faq {index})", entry.source, None)
        for index, entry in enumerate(catalog.faq, start=1)
        if entry.id not in seen
    ]


def _trimmed(
    catalog: Catalog, items: list[_Item], noun: str, named: bool, budget: int
) -> tuple[list[str], int, int]:
    """A section's lines within MAX_ITEMS and `budget` characters, with an 'and N more' line for
    the rest; how many items they show; and the budget left."""
    lines: list[str] = []
    room = budget - 40  # kept for the 'and N more' line
    for item in items:
        line = _line(catalog, item, named)
        if len(lines) == MAX_ITEMS or len(line) + 1 > room:
            break
        lines.append(line)
        room -= len(line) + 1
    count = len(lines)
    if count < len(items):
        more = f"…and {len(items) - count:,} more {noun}"
        lines.append(more)
        room -= len(more) + 1
    return lines, count, room + 40


def _line(catalog: Catalog, item: _Item, named: bool) -> str:
    """'• text (as of 2026-04-08)', naming the source too when the digest cites several; a changed
    score cites its old value too ('; before: …') when that came from elsewhere or another date."""
    cite = _cite(catalog, item.source, item.as_of, named)
    if item.was_source and (item.was_source, item.was_as_of) != (item.source, item.as_of):
        cite += f"; before: {_cite(catalog, item.was_source, item.was_as_of, named)}"
    return f"• {shorten(item.text, MAX_LINE)}" + (f" ({cite})" if cite else "")


def _cite(catalog: Catalog, source_id: str, as_of: dt.date | None, named: bool) -> str:
    """'Source title, as of 2026-04-08', or only 'as of …' when the digest has one source."""
    parts = []
    if named:
        source = catalog.sources.get(source_id)
        parts.append(shorten(source.title if source else source_id, SOURCE_NAME))
    if as_of:
        parts.append(f"as of {as_of.isoformat()}")
    return ", ".join(parts)

