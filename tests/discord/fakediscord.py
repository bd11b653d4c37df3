"""A loopback fake of Discord: REST under /api/v10 and a gateway websocket, for discord.py's real code paths.

It records every REST request the bot makes, answers login, command sync, interaction callbacks,
webhook (follow-up) calls and channel messages (posts) as Discord does, and lets a test write gateway
events (INTERACTION_CREATE, from a guild channel, a thread or a DM), close the gateway with a close
code, cut the bot's sessions off (an outage seen from their host: discord.py keeps reconnecting), answer
chosen requests with 429s, and refuse callbacks, posts or uploads with Discord's error codes.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import itertools
import json
import math
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

import discord
from aiohttp import WSMsgType, web
from tests.discord.fake_attachments import Upload, read_body

APP_ID = 1100000000000000001
BOT_ID = APP_ID
GUILD_ID = 1200000000000000001
CHANNEL_ID = 1300000000000000001
THREAD_ID = 1300000000000000002
DM_CHANNEL_ID = 1300000000000000003
USER_ID = 1400000000000000001
OTHER_USER_ID = 1400000000000000002
TOKEN = "fake-bot-token.abc123.secret-value"

_ids = itertools.count(1)


def snowflake(age: float = 0.0) -> int:
    """A fresh id whose timestamp is now (or `age` seconds ago), as Discord's are."""
    created = discord.utils.utcnow() - dt.timedelta(seconds=age)
    return discord.utils.time_snowflake(created) + next(_ids) % 4096


def user(user_id: int = USER_ID, name: str = "asker") -> dict[str, Any]:
    return {"id": str(user_id), "username": name, "discriminator": "0", "global_name": name, "avatar": None}


@dataclass
class Call:
    """One REST request the bot sent."""

    method: str
    path: str
    query: dict[str, str]
    body: Any
    files: list[Upload] = field(default_factory=list)  # a multipart request's files
    at: float = field(default_factory=time.perf_counter)  # arrival time, for the benchmark


@dataclass(frozen=True)
class RateLimit:
    """One 429 for the next request whose path contains `route`: Discord's own (JSON `retry_after`, a
    Via header: discord.py waits and retries) or, with `cloudflare`, a Cloudflare ban (a text body and
    no Via header: discord.py raises at once)."""

    retry_after: float
    cloudflare: bool = False
    route: str = "/callback"

    def response(self) -> web.Response:
        headers = {"Retry-After": str(math.ceil(self.retry_after))}
        if self.cloudflare:
            return web.Response(status=429, text="error code: 1015", headers=headers)
        body = {"message": "You are being rate limited.", "retry_after": self.retry_after, "global": False}
        headers |= {"Via": "1.1 google", "Content-Type": "application/json"}
        return web.Response(status=429, body=json.dumps(body).encode(), headers=headers)


@dataclass
class FakeDiscord:
    """The fake. `guilds` are the servers the bot is in (GUILD_CREATE is sent for each)."""

    guilds: tuple[int, ...] = (GUILD_ID,)
    calls: list[Call] = field(default_factory=list)
    messages: dict[int, dict[str, Any]] = field(default_factory=dict)
    originals: dict[str, int] = field(default_factory=dict)
    identifies: int = 0
    resumes: int = 0
    refused_sessions: int = 0  # reconnects refused while gateway_down
    refuse_login: bool = False
    callback_error: tuple[int, dict[str, Any]] | None = None  # e.g. (404, Unknown Channel): a gone channel
    post_error: tuple[int, dict[str, Any]] | None = None  # the answer to every channel message (post)
    upload_error: tuple[int, dict[str, Any]] | None = None  # the answer to the next request with files, once
    rate_limits: list[RateLimit] = field(default_factory=list)  # each answers one matching request
    gateway_down: bool = False  # the resume address refuses reconnects (HTTP 503) while True: see outage()

    def __post_init__(self) -> None:
        self._ws: web.WebSocketResponse | None = None  # the newest gateway session
        self.sessions: list[web.WebSocketResponse] = []  # every gateway session open now
        self._seq = 0
        self._changed = asyncio.Condition()
        self._runner: web.AppRunner | None = None
        self.api_url = self.gateway_url = self.resume_url = ""

    async def start(self) -> None:
        app = web.Application()
        app.router.add_get("/gateway", self._gateway)
        app.router.add_get("/resume", self._resume)
        app.router.add_route("*", "/api/v10/{path:.*}", self._rest)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        site = web.TCPSite(self._runner, "127.0.0.1", 0)
        await site.start()
        port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
        self.api_url = f"http://127.0.0.1:{port}/api/v10"
        self.gateway_url = f"ws://127.0.0.1:{port}/gateway"
        self.resume_url = f"ws://127.0.0.1:{port}/resume"

    async def close(self) -> None:
        for ws in list(self.sessions):
            await ws.close()
        if self._runner is not None:
            await self._runner.cleanup()

    # ---- waiting for what the bot sends -------------------------------------------------------

    async def _notify(self) -> None:
        async with self._changed:
            self._changed.notify_all()

    async def wait_for(self, test: Callable[[Call], bool], timeout: float = 5.0, after: int = 0) -> Call:
        """The first call (from index `after`) that passes `test`, waiting for it if needed."""

        def found() -> Call | None:
            return next((c for c in self.calls[after:] if test(c)), None)

        async with self._changed:
            await asyncio.wait_for(self._changed.wait_for(lambda: found() is not None), timeout)
        return found()  # type: ignore[return-value]

    async def callback(self, interaction_id: int, timeout: float = 5.0) -> dict[str, Any]:
        """The body of the interaction callback the bot sent for `interaction_id`."""
        call = await self.wait_for(lambda c: c.path.startswith(f"interactions/{interaction_id}/"), timeout)
        return call.body

    def sync_calls(self) -> list[Call]:
        return [c for c in self.calls if c.method == "PUT" and c.path.endswith("/commands")]

    # ---- gateway --------------------------------------------------------------------------------

    async def _resume(self, request: web.Request) -> web.StreamResponse:
        """READY's resume_gateway_url, where discord.py reconnects to: refused while `gateway_down`."""
        if self.gateway_down:
            self.refused_sessions += 1
            await self._notify()
            return web.Response(status=503, text="gateway down")
        return await self._gateway(request)

    async def _gateway(self, request: web.Request) -> web.WebSocketResponse:
        ws = web.WebSocketResponse()
        await ws.prepare(request)
        self._ws = ws
        self.sessions.append(ws)
        try:
            await ws.send_json({"op": 10, "d": {"heartbeat_interval": 41250}, "s": None, "t": None})
            async for message in ws:
                if message.type is not WSMsgType.TEXT:
                    break
                payload = json.loads(message.data)
                if payload["op"] == 1:
                    await ws.send_json({"op": 11, "d": None, "s": None, "t": None})
                elif payload["op"] == 2:
                    self.identifies += 1
                    await self._ready(ws)
                elif payload["op"] == 6:
                    self.resumes += 1
                    await self.send(ws, "RESUMED", {})
                await self._notify()
        finally:
            self.sessions.remove(ws)
            await self._notify()
        return ws

    async def _ready(self, ws: web.WebSocketResponse) -> None:
        await self.send(
            ws,
            "READY",
            {
                "v": 10,
                "user": {**user(BOT_ID, "newsbot"), "bot": True},
                "guilds": [{"id": str(g), "unavailable": True} for g in self.guilds],
                "session_id": "fake-session",
                "resume_gateway_url": self.resume_url,
                "application": {"id": str(APP_ID), "flags": 0},
            },
        )
        for guild_id in self.guilds:
            await self.send(ws, "GUILD_CREATE", guild(guild_id))

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Write one gateway DISPATCH to the bot (its newest session)."""
        assert self._ws is not None, "the bot is not connected to the gateway"
        await self.send(self._ws, event, data)

    async def send(self, ws: web.WebSocketResponse, event: str, data: dict[str, Any]) -> None:
        """Write one gateway DISPATCH to the session `ws`."""
        self._seq += 1
        await ws.send_json({"op": 0, "t": event, "s": self._seq, "d": data})

    async def close_gateway(self, code: int, reason: str) -> None:
        """Close the gateway websocket with `code` (4004 "Authentication failed." is fatal to discord.py)."""
        assert self._ws is not None
        await self._ws.close(code=code, message=reason.encode())

    async def outage(self) -> None:
        """Discord unreachable from the bot's sessions open now (as from their host): they are closed with 4000,
        and their reconnects (discord.py's, to READY's resume address) are refused until `gateway_down` is
        False again. A new session (another replica's, connecting afresh) still gets through; REST works."""
        self.gateway_down = True
        for ws in list(self.sessions):
            await ws.close(code=4000, message=b"Unknown error.")

    async def ask_reconnect(self) -> None:
        """Gateway op 7: the bot must reconnect and RESUME."""
        assert self._ws is not None
        await self._ws.send_json({"op": 7, "d": None, "s": None, "t": None})

    # ---- REST -----------------------------------------------------------------------------------

    async def _rest(self, request: web.Request) -> web.Response:
        path = request.match_info["path"]
        body, files = await read_body(request)
        self.calls.append(Call(request.method, path, dict(request.query), body, files))
        try:
            limit = next((r for r in self.rate_limits if r.route in path), None)
            if limit is not None:
                self.rate_limits.remove(limit)
                return limit.response()
            if files and self.upload_error is not None:
                (status, data), self.upload_error = self.upload_error, None
            else:
                status, data = self._answer(request.method, path, body)
        finally:
            await self._notify()
        if status == 204:
            return web.Response(status=204)
        return web.Response(status=status, body=json.dumps(data).encode(), headers={"Content-Type": "application/json"})

    def _answer(self, method: str, path: str, body: Any) -> tuple[int, Any]:
        parts = path.split("/")
        if (method, path) == ("GET", "users/@me"):
            if self.refuse_login:
                return 401, {"message": "401: Unauthorized", "code": 0}
            return 200, {**user(BOT_ID, "newsbot"), "bot": True}
        if (method, path) == ("GET", "oauth2/applications/@me"):
            return 200, application()
        if method == "PUT" and parts[0] == "applications" and parts[-1] == "commands":
            return 200, [{**c, "id": str(snowflake()), "application_id": str(APP_ID), "version": "1"} for c in body]
        if method == "POST" and parts[0] == "interactions" and parts[-1] == "callback":
            return self._callback(int(parts[1]), parts[2], body)
        if parts[0] == "webhooks" and len(parts) >= 3:
            return self._webhook(method, parts[2], parts[3:], body)
        if (method, parts[0], parts[2:]) == ("POST", "channels", ["messages"]):
            return self.post_error or (200, self._message(body, channel_id=int(parts[1]), kind=0))
        return 404, {"message": "Unknown route in the fake", "code": 0}

    def _callback(self, interaction_id: int, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        if self.callback_error is not None:
            return self.callback_error
        response: dict[str, Any] = {"interaction": {"id": str(interaction_id), "type": 2}}
        if body["type"] in (4, 5):
            message = self._message(body.get("data") or {})
            self.originals[token] = int(message["id"])
            response["interaction"]["response_message_id"] = message["id"]
            response["resource"] = {"type": body["type"], "message": message}
        return 200, response

    def _webhook(self, method: str, token: str, rest: list[str], body: Any) -> tuple[int, Any]:
        if method == "POST" and not rest:
            return 200, self._message(body or {})
        if rest[:2] == ["messages", "@original"]:
            if method == "DELETE":
                return 204, None
            return 200, self._message(body or {}, message_id=self.originals.get(token))
        return 404, {"message": "Unknown webhook route in the fake", "code": 0}

    def _message(
        self, data: dict[str, Any], message_id: int | None = None, channel_id: int = CHANNEL_ID, kind: int = 20
    ) -> dict[str, Any]:
        """A message object; kind 20 is a slash command's reply, 0 a plain message."""
        message_id = message_id or snowflake()
        message = {
            "id": str(message_id),
            "channel_id": str(channel_id),
            "author": {**user(BOT_ID, "newsbot"), "bot": True},
            "content": data.get("content", ""),
            "timestamp": dt.datetime.now(dt.UTC).isoformat(),
            "edited_timestamp": None,
            "tts": False,
            "mention_everyone": False,
            "mentions": [],
            "mention_roles": [],
            "attachments": [],
            "embeds": data.get("embeds", []),
            "components": data.get("components", []),
            "pinned": False,
            "type": kind,
            "flags": data.get("flags", 0),
        }
        self.messages.setdefault(message_id, message)
        return message


def application() -> dict[str, Any]:
    return {
        "id": str(APP_ID),
        "name": "newsbot",
        "icon": None,
        "description": "",
        "rpc_origins": [],
        "bot_public": True,
        "bot_require_code_grant": False,
        "owner": user(USER_ID, "owner"),
        "summary": "",
        "verify_key": "00",
        "team": None,
        "flags": 0,
    }


def guild(guild_id: int) -> dict[str, Any]:
    return {
        "id": str(guild_id),
        "name": "Test server",
        "icon": None,
        "owner_id": str(USER_ID),
        "roles": [{"id": str(guild_id), "name": "@everyone", "permissions": "0", "position": 0, "color": 0,
                   "hoist": False, "managed": False, "mentionable": False}],
        "emojis": [],
        "stickers": [],
        "features": [],
        "channels": [channel()],
        "threads": [],
        "members": [],
        "member_count": 2,
        "large": False,
        "unavailable": False,
        "verification_level": 0,
        "explicit_content_filter": 0,
        "default_message_notifications": 0,
        "mfa_level": 0,
        "premium_tier": 0,
        "preferred_locale": "en-US",
        "nsfw_level": 0,
        "joined_at": "2026-04-08T00:00:00+00:00",
    }


def channel() -> dict[str, Any]:
    return {"id": str(CHANNEL_ID), "type": 0, "guild_id": str(GUILD_ID), "name": "general", "position": 0,
            "permission_overwrites": [], "nsfw": False, "parent_id": None}


def thread() -> dict[str, Any]:
    """A public thread under the `channel()`, as an interaction's channel object carries it."""
    return {"id": str(THREAD_ID), "type": 11, "guild_id": str(GUILD_ID), "parent_id": str(CHANNEL_ID),
            "name": "a thread", "owner_id": str(USER_ID), "message_count": 0, "member_count": 1,
            "thread_metadata": {"archived": False, "auto_archive_duration": 1440, "locked": False,
                                "archive_timestamp": "2026-04-08T00:00:00+00:00"}}


def in_thread(payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` as if typed in `thread()`."""
    return {**payload, "channel_id": str(THREAD_ID), "channel": thread()}


def in_dm(payload: dict[str, Any]) -> dict[str, Any]:
    """`payload` as if typed in a DM with the bot: no guild, a user instead of a member."""
    moved = {key: value for key, value in payload.items() if key not in ("guild_id", "member", "guild_locale")}
    data = {key: value for key, value in payload["data"].items() if key != "guild_id"}
    asker = payload["member"]["user"]
    channel = {"id": str(DM_CHANNEL_ID), "type": 1, "recipients": [asker]}
    return {**moved, "user": asker, "channel_id": str(DM_CHANNEL_ID), "channel": channel, "context": 1,
            "authorizing_integration_owners": {"1": asker["id"]}, "data": data}


def with_permissions(payload: dict[str, Any], permissions: int) -> dict[str, Any]:
    """`payload` with the asker's permissions in the channel set to `permissions` (a bit set)."""
    return {**payload, "member": {**payload["member"], "permissions": str(permissions)}}


def _base(kind: int, data: dict[str, Any], user_id: int, message: dict[str, Any] | None = None) -> dict[str, Any]:
    payload = {
        "id": str(snowflake()),
        "application_id": str(APP_ID),
        "type": kind,
        "token": f"interaction-token-{next(_ids)}",
        "version": 1,
        "attachment_size_limit": 8388608,
        "guild_id": str(GUILD_ID),
        "channel_id": str(CHANNEL_ID),
        "channel": channel(),
        "member": {"user": user(user_id), "roles": [], "joined_at": "2026-04-08T00:00:00+00:00", "deaf": False,
                   "mute": False, "flags": 0, "permissions": "2248473465835073"},
        "app_permissions": "0",
        "locale": "en-US",
        "guild_locale": "en-US",
        "entitlements": [],
        "authorizing_integration_owners": {"0": str(GUILD_ID)},
        "context": 0,
        "data": data,
    }
    if message is not None:
        payload["message"] = message
    return payload


def _option_type(value: Any) -> int:
    return 5 if isinstance(value, bool) else 4 if isinstance(value, int) else 3


def slash(name: str, user_id: int = USER_ID, **options: Any) -> dict[str, Any]:
    """An APPLICATION_COMMAND interaction, as Discord sends it for /name option:value …"""
    data = {
        "id": str(snowflake()),
        "name": name,
        "type": 1,
        "guild_id": str(GUILD_ID),
        "options": [{"name": k, "type": _option_type(v), "value": v} for k, v in options.items()],
        "resolved": {},
    }
    return _base(2, data, user_id)


def autocomplete(name: str, focused: str, current: str, **others: Any) -> dict[str, Any]:
    """An APPLICATION_COMMAND_AUTOCOMPLETE interaction: the user is typing `current` into `focused`."""
    options = [{"name": k, "type": _option_type(v), "value": v} for k, v in others.items()]
    options.append({"name": focused, "type": 3, "value": current, "focused": True})
    data = {"id": str(snowflake()), "name": name, "type": 1, "guild_id": str(GUILD_ID), "options": options}
    return _base(4, data, USER_ID)


def button(message: dict[str, Any], custom_id: str, user_id: int = USER_ID) -> dict[str, Any]:
    """A MESSAGE_COMPONENT interaction: `user_id` pressed the button `custom_id` on `message`."""
    return _base(3, {"custom_id": custom_id, "component_type": 2}, user_id, message=message)
