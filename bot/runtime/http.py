"""The one HTTP server: /healthz, /readyz, /metrics, plus any platform routes (Slack events)."""

from __future__ import annotations

import asyncio
from collections.abc import Callable, Iterable

from aiohttp import web

from bot.runtime.metrics import CONTENT_TYPE_LATEST, Metrics

MAX_BODY = 1024 * 1024

ReadinessCheck = Callable[[], "str | None"]
"""Returns None when ready, else the reason it is not."""


def build_app(metrics: Metrics, readiness: Iterable[ReadinessCheck], routes: Iterable[web.RouteDef]) -> web.Application:
    """The aiohttp application. Each readiness check returns None when fine, else the reason."""
    checks = list(readiness)

    async def healthz(_: web.Request) -> web.Response:
        return web.json_response({"status": "ok"})

    async def readyz(_: web.Request) -> web.Response:
        reasons = [reason for check in checks if (reason := await asyncio.to_thread(check))]
        if reasons:
            return web.json_response({"status": "not ready", "reasons": reasons}, status=503)
        return web.json_response({"status": "ready"})

    async def metrics_page(_: web.Request) -> web.Response:
        response = web.Response(body=metrics.render())
        response.headers["Content-Type"] = CONTENT_TYPE_LATEST
        return response

    app = web.Application(client_max_size=MAX_BODY)
    app.add_routes([web.get("/healthz", healthz), web.get("/readyz", readyz), web.get("/metrics", metrics_page)])
    app.add_routes(list(routes))
    return app


async def start_server(app: web.Application, host: str, port: int) -> web.AppRunner:
    """Start serving `app`; returns the runner to stop it with."""
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    await web.TCPSite(runner, host, port).start()
    return runner


def bound_port(runner: web.AppRunner) -> int:
    """The port actually bound (useful with PORT=0)."""
    server = runner.addresses[0]
    return server[1]
