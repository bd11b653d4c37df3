"""/help: every command with its arguments and examples, and what the content holds."""

from __future__ import annotations

from bot.core.answer import Answer, Field
from bot.core.registry import Command, Context, Registry
from bot.core.request import Request


LABELS = {"models": "model", "benchmarks": "benchmark", "scores": "score", "events": "event",
          "faq": "FAQ entry", "sources": "source", "passages": "passage"}


def plural(noun: str, count: int) -> str:
    """'1 source', '2 sources', '5 FAQ entries'."""
    if count == 1:
        return noun
    return noun[:-1] + "ies" if noun.endswith("y") else noun + "s"


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="help",
            summary="This list: commands, arguments, examples and what the content covers.",
            usage="/help",
            examples=("/help",),
            options=(),
            handler=show_help,
        )
    )


def show_help(context: Context, request: Request) -> Answer:
    """Answer /help."""
    catalog = context.catalog
    counts = catalog.counts()
    fields = tuple(
        Field(command.usage, f"{command.summary}\ne.g. " + " · ".join(command.examples), inline=False)
        for command in context.commands
    )
    summary = ", ".join(f"{count} {plural(LABELS[kind], count)}" for kind, count in counts.items())
    headline = catalog.benchmarks[catalog.headline].name if catalog.headline else "none"
    return Answer(
        title="newsbot: sourced answers about the AI model race",
        lines=(
            "Names work in any case and spacing: gpt 5.4, GPT-5.4, opus, gemini, hle.",
            f"Content: {summary}. Scores as of {catalog.as_of or 'n/a'}. Headline benchmark: {headline}.",
        ),
        fields=fields,
        footer=(f"Content version {catalog.version}",) if catalog.version else (),
        ephemeral=True,
    )
