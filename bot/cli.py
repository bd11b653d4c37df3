"""The `newsbot` command line: run, ask, validate, schema, healthcheck, digest."""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, TypeVar

from bot.errors import ContentError, SettingsError

if TYPE_CHECKING:
    from bot.content.catalog import Catalog
    from bot.core import Answer
    from bot.core.news import NewsDesk
    from bot.runtime.settings import Settings

T = TypeVar("T")

DEFAULT_CONTENT = "content"
DEFAULT_HEADLINE = "intelligence-index"


def _settings(args: argparse.Namespace) -> dict[str, object]:
    """CONTENT_DIR and HEADLINE_BENCHMARK as `run` reads them (file, then environment), --content first."""
    from bot.runtime.config import setting_values

    values = setting_values(("CONTENT_DIR", "HEADLINE_BENCHMARK"), os.environ)
    return {
        "CONTENT_DIR": str(getattr(args, "content", None) or values.get("CONTENT_DIR") or DEFAULT_CONTENT),
        "HEADLINE_BENCHMARK": str(values.get("HEADLINE_BENCHMARK") or DEFAULT_HEADLINE),
    }


def cmd_ask(args: argparse.Namespace) -> int:
    """Answer one command line such as '/rank hle' and print it."""
    from bot.core import Channel, Core, Request, Status
    from bot.render.text import render_text

    from bot.content.loader import load_catalog

    if args.chart is not None and not args.chart.strip():
        raise SettingsError("--chart: give the PNG file to write")
    values = _settings(args)
    catalog = load_catalog(values["CONTENT_DIR"], headline=values["HEADLINE_BENCHMARK"])
    news = _stored_news(args, catalog) if Request.parse(args.line).command == "news" else None
    core = Core(catalog, charts="always", news=news)
    pictures = "upload" if args.chart is not None else ""  # with CHARTS=always: every answer that has a chart keeps it
    answer = core.handle(Request.parse(args.line, user="cli", channel=Channel(platform="cli"), pictures=pictures))
    if args.json:
        print(json.dumps(answer.to_dict(), ensure_ascii=False, indent=2))
    else:
        print(render_text(answer))
    if answer.status is Status.UNKNOWN_COMMAND:
        return 2
    return _write_chart(answer, args.chart) if args.chart is not None else 0


def _run_settings(args: argparse.Namespace) -> Settings:
    """The settings `newsbot run` would use, with --content first."""
    from bot.runtime.settings import load_settings

    environ = dict(os.environ)
    if getattr(args, "content", None):
        environ["CONTENT_DIR"] = args.content
    return load_settings(environ)


def _stored_news(args: argparse.Namespace, catalog: Catalog) -> NewsDesk:
    """The news `newsbot run` stored in DATABASE_URL (only `/news` reads the database)."""
    from bot.runtime.feeds.operators import read_news

    return _database(lambda settings: read_news(settings, catalog), args)


def _database(action: Callable[[Settings], T], args: argparse.Namespace) -> T:
    """`action(settings)` with the settings `run` would use; a database failure becomes a SettingsError
    naming DATABASE_URL, in one line without the URL."""
    from bot.errors import StoreError

    settings = _run_settings(args)
    try:
        return action(settings)
    except StoreError as exc:
        raise SettingsError(f"DATABASE_URL: {exc}") from None
    except (ContentError, SettingsError, ValueError):
        raise
    except Exception as exc:  # noqa: BLE001 - SQLAlchemy's errors, in one line without the URL
        from bot.store.engine import engine_url, failure_reason

        raise SettingsError(f"DATABASE_URL: {failure_reason(engine_url(settings.DATABASE_URL.get_secret_value()), exc)}") from None


def cmd_feeds(args: argparse.Namespace) -> int:
    """`feeds list`, `feeds poll [ID]`, `feeds retry ID`: news feeds, from DATABASE_URL and the content."""
    import asyncio

    from bot.runtime.feeds.operators import feeds_command

    try:
        return _database(lambda settings: asyncio.run(feeds_command(settings, args.action, args.feed)), args)
    except ValueError as exc:
        print(f"newsbot: {exc}", file=sys.stderr)
        return 2


def _write_chart(answer: Answer, path: str) -> int:
    """Draw `answer`'s chart to `path` (PNG); 1 with a message when there is nothing to plot."""
    if answer.chart is None:
        from bot.core.chart_policy import NO_CHART

        why = "it is not an answer." if not answer.ok else NO_CHART
        print(f"newsbot: no chart written: {why}", file=sys.stderr)
        return 1
    from bot.render.chart import draw

    try:
        with open(path, "wb") as out:
            out.write(draw(answer.chart))
    except OSError as exc:
        print(f"newsbot: could not write the chart: {exc.strerror or exc}: {path}", file=sys.stderr)
        return 1
    print(f"Chart written to {path}", file=sys.stderr)
    return 0


def cmd_validate(args: argparse.Namespace) -> int:
    """Check a content directory; print every problem as file:line: message."""
    from bot.content.catalog import Catalog
    from bot.content.loader import read_content

    directory = args.directory or _settings(args)["CONTENT_DIR"]
    content = read_content(directory)
    for problem in content.problems:
        print(problem)
    if content.problems:
        print(f"{len(content.problems)} problem(s) in {directory}", file=sys.stderr)
        return 1
    counts = Catalog.build(content.files, texts=content.texts).counts()
    print(f"{directory}: OK: " + ", ".join(f"{n} {kind}" for kind, n in counts.items()))
    return 0


def cmd_schema(args: argparse.Namespace) -> int:
    """Print the content schema as JSON Schema."""
    from bot.content.schema import json_schema

    print(json.dumps(json_schema(), indent=2))
    return 0


def cmd_run(args: argparse.Namespace) -> int:
    """Run the bot: platforms with credentials, HTTP endpoints, and the console when alone."""
    import asyncio
    import logging

    from bot.runtime.config import misnamed
    from bot.runtime.logs import setup_logging
    from bot.runtime.run import serve
    from bot.runtime.settings import Settings

    settings = _run_settings(args)
    setup_logging(settings.LOG_LEVEL, settings.LOG_FORMAT, settings.secret_values())
    for warning in misnamed(Settings.model_fields, os.environ):
        logging.getLogger("newsbot").warning("%s", warning)
    return asyncio.run(serve(settings))


def cmd_healthcheck(args: argparse.Namespace) -> int:
    """Exit 0 when the local newsbot answers /healthz where its settings say it listens."""
    import urllib.error
    import urllib.request

    from bot.runtime.settings import load_settings

    settings = load_settings()
    host = "127.0.0.1" if settings.HOST in ("0.0.0.0", "::", "") else settings.HOST
    url = f"http://{host}:{settings.PORT}/healthz"
    try:
        with urllib.request.urlopen(url, timeout=args.timeout) as response:
            ok = response.status == 200
    except (urllib.error.URLError, OSError, ValueError) as exc:
        print(f"newsbot: unhealthy: {url}: {exc}", file=sys.stderr)
        return 1
    return 0 if ok else 1


def cmd_digest(args: argparse.Namespace) -> int:
    """`digest list`: every subscription from DATABASE_URL; `digest preview`: a first digest, now."""
    import datetime as dt

    if args.action == "preview":
        from bot.content.loader import load_catalog
        from bot.runtime.digests.overview import preview

        settings = _run_settings(args)
        print(preview(load_catalog(settings.CONTENT_DIR, headline=settings.HEADLINE_BENCHMARK), settings.DIGEST_TOP_N))
        return 0
    from bot.runtime.digests.overview import subscription_table

    print(subscription_table(_database(_subscriptions, args), dt.datetime.now(dt.UTC)))
    return 0


def _subscriptions(settings: Settings) -> list:
    """Every digest subscription in DATABASE_URL."""
    from bot.store.db import open_current
    from bot.store.digests import DigestStore

    store = open_current(settings.DATABASE_URL.get_secret_value())
    try:
        return DigestStore(store).all()
    finally:
        store.close()


def build_parser() -> argparse.ArgumentParser:
    from bot import __version__

    parser = argparse.ArgumentParser(prog="newsbot", description="Sourced answers about the AI model race.")
    parser.add_argument("--version", action="version", version=f"newsbot {__version__}")
    parser.add_argument("--content", metavar="DIR", help="content directory (default: $CONTENT_DIR or ./content)")
    sub = parser.add_subparsers(dest="command")
    run = sub.add_parser("run", help="run the bot (console when no platform is configured)")
    run.set_defaults(func=cmd_run)
    ask = sub.add_parser("ask", help='answer one command, e.g. newsbot ask "/rank hle"')
    ask.add_argument("line", help="a command line such as '/compare opus vs gpt-5.4'")
    ask.add_argument("--json", action="store_true", help="print the Answer as JSON")
    ask.add_argument("--chart", metavar="PNG", help="also draw the answer's chart to this PNG file")
    ask.set_defaults(func=cmd_ask)
    validate = sub.add_parser("validate", help="check content files and report every problem")
    validate.add_argument("directory", nargs="?", help="content directory to check")
    validate.set_defaults(func=cmd_validate)
    schema = sub.add_parser("schema", help="print the content schema as JSON Schema")
    schema.set_defaults(func=cmd_schema)
    health = sub.add_parser("healthcheck", help="exit 0 if the running bot answers /healthz on $PORT")
    health.add_argument("--timeout", type=float, default=4.0, help="seconds to wait (default 4)")
    health.set_defaults(func=cmd_healthcheck)
    digest = sub.add_parser("digest", help="scheduled digests: list subscriptions, or preview a first digest")
    digest.add_argument("action", choices=("list", "preview"), help="list: every subscription (DATABASE_URL); "
                        "preview: what a channel subscribing now would get")
    digest.set_defaults(func=cmd_digest)
    feeds = sub.add_parser("feeds", help="news feeds: list them, poll now, or retry a disabled one")
    feeds.add_argument("action", choices=("list", "poll", "retry"), help="list: each feed's state (DATABASE_URL); "
                       "poll [ID]: poll now and print what was new; retry ID: enable a disabled feed again")
    feeds.add_argument("feed", nargs="?", help="a feed id from the content")
    feeds.set_defaults(func=cmd_feeds)
    for command in (run, ask, validate, schema, digest, feeds):
        command.add_argument("--content", metavar="DIR", default=argparse.SUPPRESS, help="content directory")
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the `newsbot` console script."""
    args = build_parser().parse_args(argv)
    func = getattr(args, "func", cmd_run)
    try:
        return func(args)
    except ContentError as exc:
        for problem in exc.problems:
            print(problem, file=sys.stderr)
        print(f"newsbot: the content has {len(exc.problems)} problem(s); nothing was served.", file=sys.stderr)
        return 1
    except SettingsError as exc:
        print(f"newsbot: invalid setting: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `newsbot ask ... | head`: the reader left; that is not an error
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0


if __name__ == "__main__":
    sys.exit(main())
