"""Application commands built from the application's command list: typed options, ranges, choices,
descriptions, autocomplete, Manage Channels as the default member permission of commands for managers;
and the core's Request for each invocation (who asked, where, with which rights).

Nothing here names a command: a command added to the core appears on Discord at the next start.
"""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable
from typing import Any, Optional

import discord
from discord import app_commands

from bot.adapters.base import Application
from bot.core import Channel, Request
from bot.core.registry import Command, Option
from bot.core.text import shorten

Respond = Callable[[discord.Interaction, Request], Awaitable[None]]
COMPLETED_KINDS = ("benchmark", "model", "entity", "faq")
DESCRIPTION = 100  # Discord's limit for command, option and choice texts
CHOICES = 25
MANAGERS = discord.Permissions(manage_channels=True)
"""The default member permission of a `for_managers` command: server admins can change it per command
(Server Settings -> Integrations); the core still checks can_manage on each change."""


def _limit(text: str, size: int = DESCRIPTION) -> str:
    return shorten(text, size)


def _annotation(option: Option) -> Any:
    """str, bool, or int with the option's range as app_commands.Range."""
    if option.kind == "boolean":
        return bool
    if option.kind != "integer":
        return str
    if option.min_value is None and option.max_value is None:
        return int
    return app_commands.Range[int, option.min_value, option.max_value]


def completer(app: Application, kind: str) -> Callable[[discord.Interaction, str], Awaitable[list[app_commands.Choice[str]]]]:
    """An autocomplete callback over the current content's names of `kind` (fuzzy, at most 25)."""

    async def complete(interaction: discord.Interaction, current: str) -> list[app_commands.Choice[str]]:
        return [
            app_commands.Choice(name=_limit(label), value=value[:DESCRIPTION])
            for label, value in app.complete(kind, current, CHOICES)
        ]

    return complete


def channel_of(interaction: discord.Interaction) -> Channel:
    """Where the interaction came from. In a thread, `channel` is its parent and `thread` the thread
    (Discord sends the thread's parent_id with the interaction); in a DM the workspace is ''."""
    workspace = str(interaction.guild_id or "")
    where = interaction.channel
    if isinstance(where, discord.Thread):
        return Channel(platform="discord", workspace=workspace, channel=str(where.parent_id), thread=str(where.id))
    return Channel(platform="discord", workspace=workspace, channel=str(where.id) if where is not None else "")


def request_for(interaction: discord.Interaction, command: str, options: dict[str, str | int]) -> Request:
    """The core's Request: the asker, the channel, whether Discord grants the asker Manage Channels
    there (the member's permissions in that channel, overwrites included; none in a DM), charts
    shown inside the answer (the embed's image), and when Discord created the interaction (its id holds
    the time: every gateway session that receives the interaction sees the same)."""
    return Request(
        command=command,
        options=options,
        user=str(interaction.user.id),
        channel=channel_of(interaction),
        can_manage=interaction.permissions.manage_channels,
        pictures="inline",
        created=interaction.created_at,
    )


def build(command: Command, app: Application, respond: Respond) -> app_commands.Command:
    """One application command whose callback hands a Request with structured options to `respond`.

    Parameters are named p0, p1, … in Python and renamed to the option names on Discord, so any
    option name the core chooses works. Required options come first, as Discord demands.
    """
    options = sorted(command.options, key=lambda o: not o.required)
    by_key = {f"p{index}": option for index, option in enumerate(options)}

    async def callback(interaction: discord.Interaction, **values: Any) -> None:
        chosen = {by_key[key].name: value for key, value in values.items() if value is not None}
        await respond(interaction, request_for(interaction, command.name, chosen))

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
    completers = {key: completer(app, o.kind) for key, o in by_key.items() if o.kind in COMPLETED_KINDS}
    if completers:
        app_commands.autocomplete(**completers)(callback)
    choices = {key: _choices(option) for key, option in by_key.items() if option.kind == "choice"}
    if choices:
        app_commands.choices(**choices)(callback)
    if command.for_managers:
        app_commands.default_permissions(MANAGERS)(callback)
    return app_commands.Command(name=command.name, description=_limit(command.summary), callback=callback)


def _choices(option: Option) -> list[app_commands.Choice[str]]:
    """A 'choice' option's choices, each its own label and value (Discord allows at most 25)."""
    if not 1 <= len(option.choices) <= CHOICES:
        raise ValueError(f"option {option.name!r} needs 1 to {CHOICES} choices, not {len(option.choices)}")
    return [app_commands.Choice(name=_limit(choice), value=choice[:DESCRIPTION]) for choice in option.choices]


def register(tree: app_commands.CommandTree, app: Application, respond: Respond) -> None:
    """Add one application command per command of `app` to `tree` (global; sync copies them to guilds)."""
    for command in app.commands():
        tree.add_command(build(command, app, respond))
