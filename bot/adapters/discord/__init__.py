"""Discord adapter: application commands on discord.py's CommandTree, answered with the core's Answers."""

from bot.adapters.discord.config import DiscordConfig
from bot.adapters.discord.platform import DiscordPlatform, Tuning

__all__ = ["DiscordConfig", "DiscordPlatform", "Tuning"]
