"""The platform-neutral core: a Request in, an Answer out. Imports no chat, web or scheduler library."""

from bot.core.answer import Answer, Field, Status, Table
from bot.core.dispatch import Core
from bot.core.request import Channel, Request

__all__ = ["Answer", "Channel", "Core", "Field", "Request", "Status", "Table"]
