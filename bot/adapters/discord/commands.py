"""Application commands built from the core's registry: typed options, ranges, descriptions, autocomplete.

Nothing here names a command: a command added to the core appears on Discord at the next start.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Optional

import discord
from discord import app_commands

from bot.core import Request
from bot.core.registry import Command, Option
from bot.core.text import shorten
from bot.runtime.service import Service

Respond = Callable[[discord.Interaction, Request], Awaitable[None]]
COMPLETED_KINDS = ("benchmark", "model", "faq")
DESCRIPTION = 100  # Discord's limit for command, option and choice texts
CHOICES = 25


def _limit(text: str, size: int = DESCRIPTION) -> str:
    return shorten(text, size)


def _annotation(option: Option) -> Any:
    """str, or int with the option's range as app_commands.Range."""
    if option.kind != "integer":
        return str
    if option.min_value is None and option.max_value is None:
        return int
    return app_commands.Range[int, option.min_value, option.max_value]


def completer(service: Service, kind: str) -> Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]:
    """An autocomplete callback over the current content's names of `kind` (fuzzy, at most 25)."""

    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=_limit(label), value=value[:DESCRIPTION])
            for label, value in service.core.complete(kind, current, CHOICES)
        ]

    return complete


def build(command: Command, service: Service, respond: Respond) -> app_commands.Command:
    """One application command whose callback hands a Request with structured options to `respond`.

    Parameters are named p0, p1, … in Python and renamed to the option names on Discord, so any
    option name the core chooses works. Required options come first, as Discord demands.
    """
    options = sorted(command.options, key=lambda o: not o.required)
    by_key = {f"p{index}": option for index, option in enumerate(options)}

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        chosen = {by_key[key].name: value for key, value in values.items() if value is not None}
        await respond(interaction, Request(command=command.name, options=chosen))

    parameters = [inspect.Parameter("interaction", inspect.Parameter.POSITIONAL_OR_KEYWORD, annotation=discord.Interaction)]
    for key, option in by_key.items():
        annotation = _annotation(option)
        parameters.append(
            inspect.Parameter(
                key,
                inspect.Parameter.KEYWORD_ONLY,
                annotation=annotation if option.required else Optional[annotation],
                default=inspect.Parameter.empty if option.required else None,
            )
        )
    callback.__signature__ = inspect.Signature(parameters)  # type: ignore[attr-defined]
    callback.__qualname__ = callback.__name__ = f"command_{command.name}"
    if by_key:
        app_commands.rename(**{key: option.name for key, option in by_key.items()})(callback)
        app_commands.describe(**{key: _limit(option.description) for key, option in by_key.items()})(callback)
    completers = {key: completer(service, o.kind) for key, o in by_key.items() if o.kind in COMPLETED_KINDS}
    if completers:
        app_commands.autocomplete(**completers)(callback)
    return app_commands.Command(name=command.name, description=_limit(command.summary), callback=callback)


def register(tree: app_commands.CommandTree, service: Service, respond: Respond) -> None:
    """Add one application command per core command to `tree` (global; sync copies them to guilds)."""
    for command in service.core.commands:
        tree.add_command(build(command, service, respond))
