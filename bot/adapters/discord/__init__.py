"""Discord adapter: application commands on discord.py's CommandTree, answered with the core's Answers."""

from bot.adapters.discord.platform import DiscordPlatform, Tuning

__all__ = ["DiscordPlatform", "Tuning"]
