"""HTTP mode's `POST /slack/events`: Slack's signature is checked on the raw bytes before anything parses,
decodes or logs the request; only a verified slash command reaches Bolt."""

from __future__ import annotations

import hashlib
import hmac
import logging
import re
import time
from collections.abc import Mapping

from aiohttp import web
from aiohttp.typedefs import Handler
from slack_bolt.adapter.aiohttp import to_aiohttp_response
from slack_bolt.async_app import AsyncApp
from slack_bolt.request.async_request import AsyncBoltRequest

from bot.logfields import quoted

log = logging.getLogger("newsbot.slack")

MAX_AGE = 5 * 60
"""Seconds a request's timestamp may be away from the clock (Slack's replay window)."""
TIMESTAMP = re.compile(r"[0-9]{1,12}")


def signed_by_slack(secret: bytes, timestamp: str, signature: str, body: bytes, now: float) -> bool:
    """Slack's v0 check: a digits-only timestamp within MAX_AGE of `now`, and `signature` equal to
    'v0=' + hex HMAC-SHA256 of b'v0:{timestamp}:{body}' over the raw body (which need not be UTF-8)."""
    if not TIMESTAMP.fullmatch(timestamp) or abs(now - int(timestamp)) > MAX_AGE:
        return False
    expected = b"v0=" + hmac.new(secret, b"v0:%s:%s" % (timestamp.encode(), body), hashlib.sha256).hexdigest().encode()
    return hmac.compare_digest(expected, signature.encode(errors="replace"))


def served(body: object) -> bool:
    """True for what this route serves: a slash command (Slack's form fields, each one text, the command
    starting with '/') or Slack's `ssl_check` of the command URL. newsbot has no listener for anything else
    (interactions, events), and Bolt's own reading of those breaks on many signed but malformed shapes
    (`"view": null`, `"actions": "x"`, `"team": [1]`) with an exception."""
    if not isinstance(body, Mapping) or not all(isinstance(value, str) for value in body.values()):
        return False
    return body.get("command", "").startswith("/") or body.get("ssl_check") == "1"


def refuse(status: int, reason: str) -> web.Response:
    """A short JSON error, with nothing from the request in it."""
    return web.json_response({"error": reason}, status=status)


def events_handler(app: AsyncApp, signing_secret: str) -> Handler:
    """The route's handler: 401 unless signed by Slack; 400 for a signed body that is not a UTF-8 Slack
    payload, or not a slash command; otherwise Bolt's answer. The server's client_max_size answers 413 for a
    body over its cap."""
    secret = signing_secret.encode()

    async def events(request: web.Request) -> web.StreamResponse:
        body = await request.read()
        headers = request.headers
        timestamp = headers.get("X-Slack-Request-Timestamp", "")
        if not signed_by_slack(secret, timestamp, headers.get("X-Slack-Signature", ""), body, time.time()):
            log.debug("slack request refused: no valid signature")
            return refuse(401, "invalid request")
        query = request.query_string
        try:  # UnicodeDecodeError and JSONDecodeError are ValueErrors; the rest is JSON of the wrong shape
            bolt_request = AsyncBoltRequest(body=body.decode(), query=query, headers=headers)  # type: ignore[arg-type]
        except (ValueError, TypeError, AttributeError) as error:
            log.warning("slack request signed but not a Slack payload (%s)", type(error).__name__)
            return refuse(400, "not a Slack payload")
        if not served(bolt_request.body):
            kind = bolt_request.body.get("type") if isinstance(bolt_request.body, Mapping) else None
            log.warning("slack request signed but not a slash command (type=%s): newsbot serves slash commands only",
                        quoted(str(kind)))
            return refuse(400, "not a slash command")
        return await to_aiohttp_response(await app.async_dispatch(bolt_request))

    return events
