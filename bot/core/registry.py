"""Command and option declarations: what each command takes, for help, parsing and adapters."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from typing import Literal

from bot.content.catalog import Catalog
from bot.core.answer import Answer
from bot.core.request import Request

OptionKind = Literal["benchmark", "model", "faq", "text", "integer"]


@dataclass(frozen=True)
class Option:
    """One typed option. `kind` tells adapters what to autocomplete; integers carry their range."""

    name: str
    description: str
    kind: OptionKind = "text"
    required: bool = False
    min_value: int | None = None
    max_value: int | None = None


@dataclass(frozen=True)
class Command:
    """A command: its name, how to use it, its options and the function that answers it."""

    name: str
    summary: str
    usage: str
    examples: tuple[str, ...]
    options: tuple[Option, ...]
    handler: Callable[[Context, Request], Answer]


@dataclass(frozen=True)
class Context:
    """What a handler reads: one catalog for the whole answer, and the registered commands."""

    catalog: Catalog
    commands: Registry


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
