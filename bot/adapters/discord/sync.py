"""Command sync: to the configured guilds (shown at once) or globally, only when the set changed.

The fingerprint of each target's command payload is kept by the application (`recall`/`remember`)
under `discord.sync.<application id>.<global|guild id>`, so a restart with the same commands sends nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence

import discord
from discord import app_commands

from bot.adapters.base import Application

log = logging.getLogger("newsbot.discord")


def fingerprint(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None) -> str:
    """A digest of exactly what tree.sync(guild=guild) would send."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree, app: Application, application_id: int, guild_ids: Sequence[int]
) -> list[str]:
    """Sync each target whose command set changed; returns the targets synced ('global' or guild ids).

    A failed sync (say, the bot is not in that guild yet, or Discord asks to wait longer than the
    client's max_ratelimit_timeout) is logged and retried at the next start. The application logs
    and swallows database failures: an unknown fingerprint means sync, an unrecorded one syncs again.
    """
    targets: list[discord.Object | None] = [discord.Object(id=g) for g in guild_ids] or [None]
    synced: list[str] = []
    for guild in targets:
        name = "global" if guild is None else str(guild.id)
        if guild is not None:
            tree.clear_commands(guild=guild)
            tree.copy_global_to(guild=guild)
        key = f"discord.sync.{application_id}.{name}"
        digest = fingerprint(tree, guild)
        if await app.recall(key) == digest:
            log.info("discord commands unchanged for %s: no sync", name)
            continue
        try:
            commands = await tree.sync(guild=guild)
        except discord.HTTPException as exc:
            log.error("discord command sync to %s failed (%s %s): will retry at next start", name, exc.status, exc.text)
            continue
        except discord.RateLimited as exc:
            log.error("discord command sync to %s rate-limited for %.0f s: will retry at next start",
                      name, exc.retry_after)
            continue
        await app.remember(key, digest)
        synced.append(name)
        log.info("discord commands synced to %s: %s", name, ", ".join(f"/{c.name}" for c in commands))
    return synced
