"""Core: routes a Request to its command and always returns an Answer, never a traceback."""

from __future__ import annotations

import logging
from dataclasses import replace

from bot.content.catalog import Catalog
from bot.core.answer import FAILED, Answer, Status, problem
from bot.core.chart_policy import ChartPolicy, chart_wish, decide
from bot.core.digests import DigestDesk
from bot.core.news import NewsDesk
from bot.core.registry import Context, Registry
from bot.core.request import Request
from bot.core.text import MAX_ARGUMENT, clean, quote

log = logging.getLogger(__name__)

MAX_RAW_INPUT = 100_000


def command_name(raw: str) -> str:
    """'/Rank' -> 'rank': how a typed command name is matched."""
    return clean(raw[:64]).lstrip("/").lower()


def prepare(catalog: Catalog) -> Catalog:
    """Build now what commands would otherwise build on first use for `catalog` (the /ask lexicon), so
    the first question after a load or reload does not pay for it. Returns `catalog`."""
    from bot.core.ask.lexicon import lexicon

    lexicon(catalog)
    return catalog


class Core:
    """The command core. `catalog` may be swapped at any time; each answer reads one catalog.
    `charts` is the operator's CHARTS setting (bot.core.chart_policy)."""

    def __init__(
        self,
        catalog: Catalog,
        commands: Registry | None = None,
        digests: DigestDesk | None = None,
        charts: ChartPolicy = "auto",
        news: NewsDesk | None = None,
    ) -> None:
        from bot.core.commands import default_registry

        self.catalog = catalog
        self.commands = commands if commands is not None else default_registry()
        self.digests = digests
        self.charts = charts
        self.news = news

    def use(self, catalog: Catalog) -> None:
        """Serve `catalog` from now on (one assignment: an answer in progress keeps the one it read)."""
        self.catalog = catalog

    def handle(self, request: Request) -> Answer:
        """Answer `request`. Bad input and internal failures both come back as Answers."""
        context = Context(catalog=self.catalog, commands=self.commands, digests=self.digests, news=self.news)
        name = command_name(request.command)
        command = self.commands.get(name)
        if command is None:
            return problem(
                f"Unknown command {quote('/' + name, 40)}",
                Status.UNKNOWN_COMMAND,
                "Commands: " + ", ".join(f"/{n}" for n in self.commands.names()),
                suggestions=("/help",),
            )
        raw_length = len(request.text) + sum(len(str(v)) for v in request.options.values())
        text = clean(request.text[:MAX_RAW_INPUT])
        options = {k: clean(str(v)[:MAX_RAW_INPUT]) for k, v in request.options.items() if v is not None}
        longest = max([len(text), *map(len, options.values())])
        if longest > MAX_ARGUMENT or raw_length > MAX_RAW_INPUT:
            return problem(
                f"That is too long for /{name}",
                Status.BAD_INPUT,
                f"Arguments are at most {MAX_ARGUMENT} characters; this one has {max(longest, raw_length):,}.",
                suggestions=(command.usage,),
            )
        wish = None
        if command.charts:
            wish, text, options = chart_wish(text, options)
        cleaned = replace(request, command=name, text=text, options=options, page=max(1, request.page))
        try:
            answer = command.handler(context, cleaned)
            return decide(answer, wish, self.charts, request.pictures)
        except Exception:  # noqa: BLE001 - the user gets a message; the log gets the traceback
            log.exception("command /%s failed", name)
            return FAILED

    def metric_name(self, request: Request) -> str:
        """The command's name for logs and metrics: 'unknown' for anything unregistered."""
        name = command_name(request.command)
        return name if self.commands.get(name) is not None else "unknown"

    def complete(self, kind: str, text: str, limit: int = 25) -> list[tuple[str, str]]:
        """Autocomplete choices as (label, value) for an option of `kind`; at most `limit`."""
        catalog = self.catalog
        names = {
            "benchmark": catalog.benchmark_names,
            "model": catalog.model_names,
            "entity": catalog.entity_names,
            "faq": catalog.faq_names,
        }.get(kind)
        if names is None:
            return []
        return names.complete(clean(text[:MAX_ARGUMENT]), limit=min(limit, 25))
