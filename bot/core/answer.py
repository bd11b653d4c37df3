"""Answer: the one value that carries a reply from the core to any renderer."""

from __future__ import annotations

from dataclasses import asdict, dataclass
from enum import StrEnum
from typing import Any

from bot.core.chart import Chart


class Status(StrEnum):
    """How the request went; renderers and adapters branch on this, never on text."""

    OK = "ok"
    NOT_FOUND = "not_found"
    BAD_INPUT = "bad_input"
    UNKNOWN_COMMAND = "unknown_command"
    ERROR = "error"


@dataclass(frozen=True)
class Field:
    """A labelled value, such as 'Maker: Meta'."""

    name: str
    value: str
    inline: bool = True


@dataclass(frozen=True)
class Table:
    """Rows of cells under column headings; `numbers` keeps each row's plotted value for charts."""

    columns: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    numbers: tuple[float | None, ...] = ()


@dataclass(frozen=True)
class Item:
    """A linked entry, such as a news item: `title` links to `link`; `meta` says where and when it is from;
    `group` is the heading it is listed under ('' for none). Every part is untrusted text: renderers
    escape it and link only http(s) addresses."""

    title: str
    link: str
    meta: str = ""
    group: str = ""


@dataclass(frozen=True)
class Answer:
    """A structured reply. Every renderer can show it; `text` renderers are the fallback.

    title: one line. lines: paragraphs or list items. table: ranked or compared rows.
    fields: labelled facts. notes: statements without numbers, shown as stated.
    footer: sources and as-of dates. suggestions: commands worth trying next.
    ephemeral: only the asker should see it. page/pages: which slice of a long list this is.
    chart: the same data as a picture, for adapters that can show one (bot.core.chart_policy decides).
    items: linked entries, after the table, each under its group's heading; more_items: how many more there
    are than `items` lists ('…and 5 more'). more_pages: `pages` is a lower bound ('Page 1 of 100+').
    """

    title: str
    status: Status = Status.OK
    lines: tuple[str, ...] = ()
    table: Table | None = None
    fields: tuple[Field, ...] = ()
    notes: tuple[str, ...] = ()
    footer: tuple[str, ...] = ()
    suggestions: tuple[str, ...] = ()
    ephemeral: bool = False
    page: int = 1
    pages: int = 1
    chart: Chart | None = None
    items: tuple[Item, ...] = ()
    more_items: int = 0
    more_pages: bool = False

    @property
    def page_label(self) -> str:
        """'Page 2 of 5', or 'Page 1 of 100+' when there are more pages than were counted."""
        return f"Page {self.page} of {self.pages}{'+' if self.more_pages else ''}"

    @property
    def ok(self) -> bool:
        return self.status is Status.OK

    def to_dict(self) -> dict[str, Any]:
        """Plain JSON-ready data (what `newsbot ask --json` prints)."""
        data = asdict(self)
        data["status"] = self.status.value
        return data


def problem(title: str, status: Status, *lines: str, suggestions: tuple[str, ...] = ()) -> Answer:
    """An answer that reports a problem to the asker only."""
    return Answer(title=title, status=status, lines=lines, suggestions=suggestions, ephemeral=True)


FAILED = problem(
    "Something went wrong",
    Status.ERROR,
    "This answer failed on our side and was logged. Please try again, or try /help.",
)
"""What a user sees when answering failed inside newsbot (the log has the details)."""
