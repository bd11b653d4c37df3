"""The one HTTP server: /healthz, /readyz, /metrics, plus any platform routes (Slack events)."""

from __future__ import annotations

import asyncio
import logging
from collections.abc import Awaitable, Callable, Iterable

from aiohttp import web
from aiohttp.http_exceptions import HttpProcessingError

from bot.runtime.metrics import CONTENT_TYPE_LATEST, Metrics

MAX_BODY = 1024 * 1024
READ_TIMEOUT = 10.0
"""Seconds a client gets to send a request's headers, and again its body, before it is dropped."""

ReadinessCheck = Callable[[], Awaitable["str | None"]]
"""Returns None when ready, else the reason it is not."""
LivenessCheck = Callable[[], "str | None"]
"""Returns None while the process is healthy, else why it should be restarted."""
ReadinessNote = Callable[[], "str | None"]
"""Something /readyz says that is not a failure (a stand-by replica), or None."""


class MalformedRequestsQuiet(logging.Filter):
    """Drops aiohttp.server's ERROR-with-traceback for a request it could not parse: the client has its
    400 already, and anyone could otherwise fill the log with tracebacks."""

    def filter(self, record: logging.LogRecord) -> bool:
        """False for a parse failure's record; True for everything else."""
        return not (record.exc_info and isinstance(record.exc_info[1], HttpProcessingError))


MALFORMED_REQUESTS_QUIET = MalformedRequestsQuiet()


READING: web.AppKey[set[asyncio.Task[object]]] = web.AppKey("reading", set)


@web.middleware
async def read_body_in_time(request: web.Request, handler: Callable[[web.Request], Awaitable[web.StreamResponse]]) -> web.StreamResponse:
    """Read any body before the route runs, within READ_TIMEOUT and MAX_BODY (408 or 413 otherwise).
    A body still arriving when the server shuts down is abandoned, not waited for."""
    if request.body_exists:
        reading, task = request.app[READING], asyncio.current_task()
        assert task is not None
        reading.add(task)
        try:
            async with asyncio.timeout(READ_TIMEOUT):
                await request.read()  # aiohttp keeps it: the route's own read() returns it at once
        except TimeoutError:
            raise web.HTTPRequestTimeout(text="request body not received in time") from None
        finally:
            reading.discard(task)
    return await handler(request)


async def _abandon_uploads(app: web.Application) -> None:
    for task in app[READING]:
        task.cancel()


def build_app(
    metrics: Metrics,
    readiness: Iterable[ReadinessCheck],
    routes: Iterable[web.RouteDef],
    liveness: Iterable[LivenessCheck] = (),
    notes: Iterable[ReadinessNote] = (),
) -> web.Application:
    """The aiohttp application. Each check returns None when fine, else the reason; /readyz lists the
    `notes` that have something to say under "notes", ready or not."""
    ready_checks, live_checks, note_checks = list(readiness), list(liveness), list(notes)

    async def healthz(_: web.Request) -> web.Response:
        reasons = [reason for check in live_checks if (reason := check())]
        if reasons:
            return web.json_response({"status": "unhealthy", "reasons": reasons}, status=503)
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        reasons = [reason for reason in await asyncio.gather(*(check() for check in ready_checks)) if reason]
        said = [note for check in note_checks if (note := check())]
        extra = {"notes": said} if said else {}
        if reasons:
            return web.json_response({"status": "not ready", "reasons": reasons, **extra}, status=503)
        return web.json_response({"status": "ready", **extra})

    async def metrics_page(_: web.Request) -> web.Response:
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    logging.getLogger("aiohttp.server").addFilter(MALFORMED_REQUESTS_QUIET)  # once: a logger keeps one of each
    app = web.Application(client_max_size=MAX_BODY, middlewares=[read_body_in_time])
    app[READING] = set()
    app.on_shutdown.append(_abandon_uploads)
    app.add_routes([web.get("/healthz", healthz), web.get("/readyz", readyz), web.get("/metrics", metrics_page)])
    app.add_routes(list(routes))
    return app


async def start_server(app: web.Application, host: str, port: int, shutdown_timeout: float) -> web.AppRunner:
    """Start serving `app`; returns the runner to stop it with. On stop, requests already being handled
    get `shutdown_timeout` seconds; a client that sends no complete request in READ_TIMEOUT is dropped."""
    runner = web.AppRunner(
        app, access_log=None, handle_signals=False, shutdown_timeout=shutdown_timeout, keepalive_timeout=READ_TIMEOUT
    )
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port actually bound (useful with PORT=0)."""
    server = runner.addresses[0]
    return server[1]
