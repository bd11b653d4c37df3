"""The console adapter: the same slash commands chat users type, in a terminal or from a pipe."""

from bot.adapters.console.console import answer_line, run_console_async

__all__ = ["answer_line", "run_console_async"]
