"""/ask <question>: one plain-words question, answered from the content with its source, or declined."""

from __future__ import annotations

from dataclasses import replace

from bot.core.answer import Answer
from bot.core.ask import answer as asking
from bot.core.ask.route import news_about
from bot.core.commands.common import option
from bot.core.registry import Command, Context, Option, Registry
from bot.core.request import Request


def register(registry: Registry) -> None:
    """Add this command to `registry`."""
    registry.add(
        Command(
            name="ask",
            summary="A question in plain words, answered from the sources or honestly declined.",
            usage="/ask <question>",
            examples=("/ask when was muse spark released", "/ask which model is best at healthbench hard",
                      "/ask is llama 4 open source"),
            options=(Option("question", "Your question, in plain words", kind="text", required=True),),
            handler=ask,
            charts=True,  # '/ask … chart' is a question, and the word 'chart' no part of it
        )
    )


def ask(context: Context, request: Request) -> Answer:
    """Answer /ask; a question about news ('anything new on gemini this week') is /news's to answer."""
    text = option(request.options, "question") if request.options else request.text
    about = news_about(context.catalog, text)
    news = context.commands.get("news")
    if about is not None and news is not None:
        answer = news.handler(context, Request("news", about, user=request.user, channel=request.channel))
        return replace(answer, lines=(*answer.lines, f"From: /news {about}".rstrip()))
    return asking.respond(context.catalog, text)
