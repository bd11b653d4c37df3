"""The commands. Each module has register(registry); adding a command means adding a module here."""

from bot.core.commands import ask, compare, digest, faq, help, news, rank, timeline
from bot.core.registry import Registry

__all__ = ["default_registry"]


def default_registry() -> Registry:
    """A registry with every built-in command, in help order."""
    registry = Registry()
    for module in (rank, compare, timeline, news, faq, ask, digest, help):
        module.register(registry)
    return registry
