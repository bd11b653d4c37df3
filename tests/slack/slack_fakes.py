"""Loopback fakes of Slack (Web API, Socket Mode websocket, response_url sink), signed requests, checks."""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import hmac
import json
import logging
import time
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlencode

from aiohttp import WSMsgType, web
from aiohttp.test_utils import TestClient, TestServer
from slack_sdk.signature import SignatureVerifier

from bot.adapters.base import Application
from bot.adapters.slack import SlackConfig, SlackPlatform
from bot.content.loader import load_catalog
from bot.core import Core
from bot.core.chart_policy import ChartPolicy
from bot.core.registry import Registry
from bot.runtime.http import build_app
from bot.runtime.logs import setup_logging
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service
from bot.runtime.settings import Settings

CONTENT = Path(__file__).resolve().parents[2] / "content"
BOT_TOKEN = "xoxb-1111-2222-secretbottoken"
SIGNING_SECRET = "8f14e45fceea167a5a36dedd4bea2543"
APP_TOKEN = "xapp-1-A111-333-secretapptoken"
SECRETS = (BOT_TOKEN, SIGNING_SECRET, APP_TOKEN)

# Slack's documented limits, checked independently of the renderer's own constants.
LIMITS = {"blocks": 50, "section": 3000, "fields": 10, "field": 2000, "header": 150, "context": 10, "text": 3000}


class FakeSlack:
    """Slack on 127.0.0.1: Web API under /api/, Socket Mode at /link, a response_url sink at /respond.

    `errors` makes a method answer {"ok": false, "error": code}; a method in `silent` never answers; a
    method in `limited` answers 429 "ratelimited" with that Retry-After header (None: no header).
    `posts` records each chat.postMessage that succeeded (its JSON body), `tokens` each call's bearer token.
    users.info answers with the flags in `users` for that user id (is_admin, is_owner, …; none: a member).
    `respond_status` is the response_url sink's HTTP status (Slack answers 404 for an expired one).
    File uploads as files_upload_v2 makes them: files.getUploadURLExternal hands out an upload URL on this
    server (/upload/F…), the bytes are POSTed there (answered with `upload_status`), and
    files.completeUploadExternal shares them; each completed upload is in `uploads` and `uploaded`."""

    def __init__(self) -> None:
        self.calls: list[str] = []
        self.errors: dict[str, str] = {}
        self.silent: set[str] = set()
        self.limited: dict[str, str | None] = {}
        self.posts: list[dict[str, Any]] = []
        self.tokens: list[str] = []
        self.responded: list[dict[str, Any]] = []
        self.responses: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.respond_status = 200
        self.users: dict[str, dict[str, bool]] = {}
        self.upload_status = 200
        self.files: dict[str, Upload] = {}
        self.uploads: list[Upload] = []
        self.uploaded: asyncio.Queue[Upload] = asyncio.Queue()
        self.acks: asyncio.Queue[dict[str, Any]] = asyncio.Queue()
        self.sockets: asyncio.Queue[web.WebSocketResponse] = asyncio.Queue()
        self.server = TestServer(self._app(), host="127.0.0.1", port=0)

    def _app(self) -> web.Application:
        app = web.Application()
        app.add_routes([web.post("/api/{method}", self._api), web.get("/api/{method}", self._api),
                        web.get("/link", self._link), web.post("/respond/{hook}", self._respond),
                        web.post("/upload/{file_id}", self._upload)])
        return app

    @property
    def url(self) -> str:
        return str(self.server.make_url("")).rstrip("/")

    async def _api(self, request: web.Request) -> web.Response:
        method = request.match_info["method"]
        self.calls.append(method)
        self.tokens.append(request.headers.get("Authorization", "").removeprefix("Bearer "))
        if method in self.silent:
            await asyncio.Event().wait()  # accepts the request and never answers
        if method in self.limited:
            retry = self.limited[method]
            return web.json_response({"ok": False, "error": "ratelimited"}, status=429,
                                     headers={"Retry-After": retry} if retry is not None else None)
        if method in self.errors:
            return web.json_response({"ok": False, "error": self.errors[method]})
        if method == "chat.postMessage":
            self.posts.append(await request.json())
            return web.json_response({"ok": True, "channel": self.posts[-1]["channel"], "ts": "1700000000.000100"})
        if method == "auth.test":
            return web.json_response({"ok": True, "url": "https://test.slack.com/", "team": "Test", "user": "newsbot",
                                      "team_id": "T0TEST", "user_id": "U0BOT", "bot_id": "B0BOT"})
        if method == "users.info":
            user = request.query.get("user", "")
            flags = self.users.get(user, {})
            return web.json_response({"ok": True, "user": {"id": user, "team_id": "T0TEST", **flags}})
        if method == "files.getUploadURLExternal":
            file_id = f"F{len(self.files) + 1:04d}"
            fields = request.query  # slack_sdk sends these methods' arguments as query parameters
            self.files[file_id] = Upload(file_id, fields.get("filename", ""), fields.get("alt_txt", ""),
                                         int(fields.get("length", "0")))
            return web.json_response({"ok": True, "upload_url": f"{self.url}/upload/{file_id}", "file_id": file_id})
        if method == "files.completeUploadExternal":
            return await self._complete(request.query)
        if method == "apps.connections.open":
            return web.json_response({"ok": True, "url": self.url.replace("http", "ws", 1) + "/link"})
        return web.json_response({"ok": True})

    async def _link(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        await ws.send_json({"type": "hello", "num_connections": 1, "connection_info": {"app_id": "A0TEST"}})
        await self.sockets.put(ws)
        async for message in ws:
            if message.type == WSMsgType.TEXT:
                await self.acks.put(json.loads(message.data))
        return ws

    async def _upload(self, request: web.Request) -> web.Response:
        self.files[request.match_info["file_id"]].data = await request.read()
        if self.upload_status != 200:
            return web.Response(status=self.upload_status, text="upload_failed")
        return web.Response(text=f"OK - {request.content_length}")

    async def _complete(self, fields: Mapping[str, str]) -> web.Response:
        shared = json.loads(fields["files"])
        for item in shared:
            upload = self.files[item["id"]]
            upload.title, upload.channel = item.get("title", ""), fields.get("channel_id", "")
            upload.thread_ts, upload.initial_comment = fields.get("thread_ts", ""), fields.get("initial_comment", "")
            self.uploads.append(upload)
            await self.uploaded.put(upload)
        return web.json_response({"ok": True, "files": [{"id": item["id"], "title": item.get("title", "")}
                                                        for item in shared]})

    async def _respond(self, request: web.Request) -> web.Response:
        self.responded.append(await request.json())
        await self.responses.put(self.responded[-1])
        if self.respond_status != 200:
            return web.Response(status=self.respond_status, text="expired_url")
        return web.Response(text="ok")


@dataclass
class Upload:
    """One file as the fake received it: from files.getUploadURLExternal, the upload, and the completion."""

    file_id: str
    filename: str
    alt_txt: str
    length: int
    data: bytes = b""
    title: str = ""
    channel: str = ""
    thread_ts: str = ""
    initial_comment: str = ""


def command_payload(command: str, text: str = "", fake: FakeSlack | None = None, **extra: str) -> dict[str, str]:
    """A slash-command payload as Slack sends it (form fields over HTTP, `payload` in Socket Mode)."""
    payload = {
        "token": "deprecated-verification-token", "team_id": "T0TEST", "team_domain": "test",
        "channel_id": "C0GENERAL", "channel_name": "general", "user_id": "U0ASKER", "user_name": "asker",
        "command": command, "text": text, "api_app_id": "A0TEST", "trigger_id": "1.2.3",
        "response_url": f"{fake.url if fake else 'http://127.0.0.1:9'}/respond/hook1",
    }
    payload.update(extra)
    return payload


def signed_headers(body: str | bytes, secret: str = SIGNING_SECRET, timestamp: int | None = None) -> dict[str, str]:
    """Headers Slack would send: X-Slack-Request-Timestamp and the v0 HMAC signature of the body."""
    ts = str(int(time.time()) if timestamp is None else timestamp)
    if isinstance(body, str):
        signature = SignatureVerifier(secret).generate_signature(timestamp=ts, body=body)
    else:  # the SDK decodes bytes as UTF-8 first; raw bytes are signed as the v0 scheme defines
        signature = "v0=" + hmac.new(secret.encode(), b"v0:%s:%s" % (ts.encode(), body), hashlib.sha256).hexdigest()
    return {"X-Slack-Request-Timestamp": ts, "X-Slack-Signature": signature,
            "Content-Type": "application/x-www-form-urlencoded"}


def form(command: str, text: str = "", fake: FakeSlack | None = None, **extra: str) -> str:
    return urlencode(command_payload(command, text, fake, **extra))


def texts(blocks: list[dict[str, Any]]) -> str:
    """Every text in the blocks, one per line, for assertions on what the user sees."""
    found: list[str] = []
    for block in blocks:
        if "text" in block:
            found.append(block["text"]["text"])
        found.extend(item["text"] for item in block.get("fields", []))
        found.extend(item["text"] for item in block.get("elements", []))
    return "\n".join(found)


def assert_within_limits(message: dict[str, Any]) -> None:
    """Slack's message limits, and no unescaped markup anywhere."""
    blocks = message["blocks"]
    assert 1 <= len(blocks) <= LIMITS["blocks"]
    assert len(message["text"]) <= LIMITS["text"]
    for block in blocks:
        if block["type"] == "header":
            assert block["text"]["type"] == "plain_text" and 1 <= len(block["text"]["text"]) <= LIMITS["header"]
        elif block["type"] == "section":
            assert ("text" in block) != ("fields" in block)
            if "text" in block:
                assert 1 <= len(block["text"]["text"]) <= LIMITS["section"]
            else:
                assert 1 <= len(block["fields"]) <= LIMITS["fields"]
                assert all(1 <= len(f["text"]) <= LIMITS["field"] for f in block["fields"])
        elif block["type"] == "context":
            assert 1 <= len(block["elements"]) <= LIMITS["context"]
            assert all(1 <= len(e["text"]) <= LIMITS["section"] for e in block["elements"])
        else:
            raise AssertionError(f"unexpected block type {block['type']}")
    for text in (texts(blocks), message["text"]):
        assert "<" not in text and ">" not in text


def make_config(fake: FakeSlack, **overrides: Any) -> SlackConfig:
    """The adapter's config for HTTP mode against `fake`; `overrides` by field name."""
    values: dict[str, Any] = {"bot_token": BOT_TOKEN, "signing_secret": SIGNING_SECRET, "api_url": f"{fake.url}/api"}
    values.update(overrides)
    return SlackConfig(**values)


def make_settings(fake: FakeSlack, **overrides: Any) -> Settings:
    """The runtime's settings for Slack's HTTP mode against `fake` (for tests of `newsbot run`)."""
    values: dict[str, Any] = {"SLACK_BOT_TOKEN": BOT_TOKEN, "SLACK_SIGNING_SECRET": SIGNING_SECRET,
                              "SLACK_API_URL": f"{fake.url}/api", "CONTENT_DIR": CONTENT}
    values.update(overrides)
    return Settings(**values)


def make_service(commands: Registry | None = None, charts: ChartPolicy = "auto") -> Service:
    return Service(Core(load_catalog(CONTENT, headline="intelligence-index"), commands, charts=charts), Metrics())


class HttpSlack:
    """A started HTTP-mode SlackPlatform whose routes() are served the way the runtime serves them."""

    def __init__(self, platform: SlackPlatform, service: Service, client: TestClient) -> None:
        self.platform = platform
        self.service = service
        self.client = client

    async def post(self, body: str | bytes, headers: dict[str, str] | None = None) -> tuple[int, dict[str, Any] | str]:
        response = await self.client.post("/slack/events", data=body,
                                          headers=signed_headers(body) if headers is None else headers)
        raw = await response.text()
        if response.content_type == "application/json":
            return response.status, json.loads(raw)
        return response.status, raw


async def start_http(config: SlackConfig, service: Service, app: Application | None = None) -> HttpSlack:
    """An HTTP-mode platform answering through `app` (default: `service` itself), served on loopback."""
    platform = SlackPlatform(config, app or service)
    await platform.start()
    await platform.listen()
    server = build_app(service.metrics, [], platform.routes())
    client = TestClient(TestServer(server, host="127.0.0.1", port=0))
    await client.start_server()
    return HttpSlack(platform, service, client)


async def stop_http(slack: HttpSlack) -> None:
    await slack.client.close()
    await slack.platform.stop()


def _loggers() -> list[logging.Logger]:
    known = logging.root.manager.loggerDict.values()
    return [logging.getLogger(), *(logger for logger in known if isinstance(logger, logging.Logger))]


@contextlib.contextmanager
def newsbot_logging(fmt: str) -> Iterator[None]:
    """Logging exactly as `newsbot run` sets it up (to the current sys.stderr); every level restored after."""
    levels = {logger: logger.level for logger in _loggers()}
    handlers = logging.getLogger().handlers[:]
    setup_logging("INFO", fmt, SECRETS)
    try:
        yield
    finally:
        logging.getLogger().handlers[:] = handlers
        for logger in _loggers():
            logger.setLevel(levels.get(logger, logging.NOTSET))
