"""Command sync: to DISCORD_GUILD_IDS guilds (shown at once) or globally, only when the set changed.

The fingerprint of each target's command payload is kept in the Store under
`discord.sync.<application id>.<global|guild id>`, so a restart with the same commands sends nothing.
"""

from __future__ import annotations

import hashlib
import json
import logging
from collections.abc import Sequence

import discord
from discord import app_commands

from bot.errors import StoreError
from bot.store import Store

log = logging.getLogger("newsbot.discord")


def fingerprint(tree: app_commands.CommandTree, guild: discord.abc.Snowflake | None) -> str:
    """A digest of exactly what tree.sync(guild=guild) would send."""
    payload = [command.to_dict(tree) for command in tree.get_commands(guild=guild)]
    return hashlib.sha256(json.dumps(payload, sort_keys=True, default=str).encode()).hexdigest()


async def sync_commands(
    tree: app_commands.CommandTree, store: Store, application_id: int, guild_ids: Sequence[int]
) -> list[str]:
    """Sync each target whose command set changed; returns the targets synced ('global' or guild ids).

    A failed sync (say, the bot is not in that guild yet) is logged and retried at the next start.
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
        if await _stored(store, key) == digest:
            log.info("discord commands unchanged for %s: no sync", name)
            continue
        try:
            commands = await tree.sync(guild=guild)
        except discord.HTTPException as exc:
            log.error("discord command sync to %s failed (%s %s): will retry at next start", name, exc.status, exc.text)
            continue
        try:
            await store.run(store.set_state, key, digest)
        except StoreError as exc:
            log.warning("discord commands synced to %s, but not recorded (%s): the next start syncs again", name, exc)
        synced.append(name)
        log.info("discord commands synced to %s: %s", name, ", ".join(f"/{c.name}" for c in commands))
    return synced


async def _stored(store: Store, key: str) -> str | None:
    """The fingerprint stored under `key`; None (so the commands are synced) if the database fails."""
    try:
        return await store.run(store.get_state, key)
    except StoreError as exc:
        log.warning("discord sync state unavailable (%s): syncing the commands anyway", exc)
        return None
