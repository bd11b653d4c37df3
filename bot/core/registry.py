"""Command and option declarations: what each command takes, for help, parsing and adapters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from bot.content.catalog import Catalog
from bot.core.answer import Answer
from bot.core.digests import DigestDesk
from bot.core.news import NewsDesk
from bot.core.request import Request

OptionKind = Literal["benchmark", "model", "entity", "faq", "text", "integer", "choice", "boolean"]
"""'entity': a model or an organization."""


@dataclass(frozen=True)
class Option:
    """One typed option. `kind` tells adapters what to autocomplete; integers carry their range;
    a 'choice' option offers exactly `choices`."""

    name: str
    description: str
    kind: OptionKind = "text"
    required: bool = False
    min_value: int | None = None
    max_value: int | None = None
    choices: tuple[str, ...] = ()


@dataclass(frozen=True)
class Command:
    """A command: its name, how to use it, its options and the function that answers it.

    blocking: the handler waits on the database or a platform, so it runs in a worker thread.
    for_managers: some of what it does is for channel managers only; adapters fill the Request's
    can_manage from the platform (Slack asks users.info; Discord sets Manage Channels as the
    command's default member permission and reads the member's permissions).
    charts: its answers may carry a chart; a boolean `chart` option (or the word 'chart' in typed
    text) asks for one or refuses it (bot.core.chart_policy)."""

    name: str
    summary: str
    usage: str
    examples: tuple[str, ...]
    options: tuple[Option, ...]
    handler: Callable[[Context, Request], Answer]
    blocking: bool = False
    for_managers: bool = False
    charts: bool = False


@dataclass(frozen=True)
class Context:
    """What a handler reads: one catalog for the whole answer, the registered commands, the digest
    desk where the application has one (None in `newsbot ask`), and the news desk (None: no feeds)."""

    catalog: Catalog
    commands: Registry
    digests: DigestDesk | None = None
    news: NewsDesk | None = None


class Registry:
    """The commands the core answers, in the order help lists them."""

    def __init__(self) -> None:
        self._commands: dict[str, Command] = {}

    def add(self, command: Command) -> None:
        """Register a command; a name can only be registered once."""
        if command.name in self._commands:
            raise ValueError(f"command {command.name!r} is registered twice")
        self._commands[command.name] = command

    def get(self, name: str) -> Command | None:
        """The command registered as `name`, or None."""
        return self._commands.get(name)

    def __iter__(self) -> Iterator[Command]:
        return iter(self._commands.values())

    def names(self) -> list[str]:
        """Registered command names, in help order."""
        return list(self._commands)
