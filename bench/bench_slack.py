"""Benchmark: a signed /rank through newsbot's HTTP mode vs a bare Bolt app that acks a constant text.

Both run slack-bolt's AsyncApp with process_before_response=True (the listener runs inline and the ack is
the HTTP response), behind the same aiohttp route code (to_bolt_request -> async_dispatch ->
to_aiohttp_response) on the runtime's own aiohttp app, on 127.0.0.1. A loopback fake answers auth.test.
Requests are sent one at a time, alternating between the servers, over keep-alive connections;
signing happens before the timer starts. Run: .venv/bin/python -m bench.bench_slack [--requests N]
"""

from __future__ import annotations

import argparse
import asyncio
import time
from pathlib import Path
from urllib.parse import urlencode

import aiohttp
from aiohttp import web
from slack_bolt.adapter.aiohttp import to_aiohttp_response, to_bolt_request
from slack_bolt.async_app import AsyncApp
from slack_bolt.context.ack.async_ack import AsyncAck
from slack_sdk.signature import SignatureVerifier
from slack_sdk.web.async_client import AsyncWebClient

from bench.stats import report
from bot.adapters.slack import SlackConfig, SlackPlatform
from bot.content.loader import load_catalog
from bot.core import Core
from bot.runtime.http import build_app
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service

CONTENT = Path(__file__).resolve().parents[1] / "content"
TOKEN = "xoxb-bench-token"
SECRET = "bench-signing-secret"
WARMUP = 200


async def serve(app: web.Application) -> tuple[web.AppRunner, str]:
    runner = web.AppRunner(app, access_log=None, handle_signals=False)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    return runner, f"http://127.0.0.1:{runner.addresses[0][1]}"


async def fake_web_api() -> tuple[web.AppRunner, str]:
    async def api(_: web.Request) -> web.Response:
        return web.json_response({"ok": True, "team_id": "T0", "user_id": "U0BOT", "bot_id": "B0"})

    app = web.Application()
    app.add_routes([web.post("/api/{method}", api)])
    return await serve(app)


def bare_bolt(api_url: str) -> web.Application:
    """The floor: Bolt alone, acking a constant text, behind the same aiohttp route code."""
    bolt = AsyncApp(client=AsyncWebClient(token=TOKEN, base_url=api_url + "/api/"), signing_secret=SECRET,
                    process_before_response=True)

    @bolt.command("/rank")
    async def rank(ack: AsyncAck) -> None:
        await ack("constant")

    async def events(request: web.Request) -> web.Response:
        return await to_aiohttp_response(await bolt.async_dispatch(await to_bolt_request(request)))

    app = web.Application()
    app.add_routes([web.post("/slack/events", events)])
    return app


async def newsbot(api_url: str) -> tuple[SlackPlatform, web.Application]:
    """newsbot's full HTTP path: the platform's route on the runtime's app, the core, the renderer."""
    config = SlackConfig(bot_token=TOKEN, signing_secret=SECRET, api_url=api_url + "/api")
    metrics = Metrics()
    service = Service(Core(load_catalog(CONTENT, headline="intelligence-index")), metrics)
    platform = SlackPlatform(config, service)
    await platform.start()
    await platform.listen()
    return platform, build_app(metrics, [], platform.routes())


def signed(body: str) -> dict[str, str]:
    ts = str(int(time.time()))
    return {"X-Slack-Request-Timestamp": ts, "Content-Type": "application/x-www-form-urlencoded",
            "X-Slack-Signature": SignatureVerifier(SECRET).generate_signature(timestamp=ts, body=body)}


async def one(http: aiohttp.ClientSession, url: str, body: str) -> float:
    headers = signed(body)
    started = time.perf_counter()
    async with http.post(url + "/slack/events", data=body, headers=headers) as response:
        await response.read()
        if response.status != 200:
            raise RuntimeError(f"{url} answered {response.status}")
    return time.perf_counter() - started


async def main(requests: int) -> None:
    api_runner, api_url = await fake_web_api()
    platform, ours_app = await newsbot(api_url)
    ours_runner, ours_url = await serve(ours_app)
    bare_runner, bare_url = await serve(bare_bolt(api_url))
    body = urlencode({"team_id": "T0", "channel_id": "C0", "user_id": "U0", "command": "/rank",
                      "text": "intelligence index", "response_url": "http://127.0.0.1:9/unused", "trigger_id": "1"})
    try:
        async with aiohttp.ClientSession() as http:
            ours, bare = [], []
            for index in range(WARMUP + requests):
                a, b = await one(http, ours_url, body), await one(http, bare_url, body)
                if index >= WARMUP:
                    ours.append(a)
                    bare.append(b)
    finally:
        for runner in (ours_runner, bare_runner):
            await runner.cleanup()
        await platform.stop()
        await api_runner.cleanup()
    print(f"signed /rank intelligence index, {requests} requests each after {WARMUP} warm-up, loopback, "
          "process_before_response=True for both")
    ours_p50, ours_p99 = report("newsbot (route+adapter+core+render)", ours)
    bare_p50, bare_p99 = report("bare Bolt AsyncApp, constant ack", bare)
    print(f"ratio newsbot/bare: p50 {ours_p50 / bare_p50:.2f}x   p99 {ours_p99 / bare_p99:.2f}x   (target <= 1.2x)")


if __name__ == "__main__":
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--requests", type=int, default=1000)
    asyncio.run(main(parser.parse_args().requests))
