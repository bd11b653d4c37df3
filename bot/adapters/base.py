"""The two protocols between the application and its platform adapters.

Adapters import these, the core's values (Request, Channel, Answer, Command) and their own renderer;
never the runtime. The runtime implements `Application` and drives each `Platform`.
"""

from __future__ import annotations

from collections.abc import Sequence
from contextlib import AbstractAsyncContextManager
from typing import Protocol

from aiohttp import web

from bot.core import Answer, Channel, Request
from bot.core.chart import Chart
from bot.core.registry import Command


class Application(Protocol):
    """What an adapter needs from the application."""

    def commands(self) -> Sequence[Command]:
        """The commands to offer, in help order (from the core's registry)."""
        ...

    async def answer(self, request: Request, **context: str) -> Answer:
        """The answer to `request`, logged with `context` (never a secret) and counted. Cheap commands
        are answered on the event loop, heavy ones in a worker thread: the application decides."""
        ...

    async def picture(self, chart: Chart) -> bytes | None:
        """`chart` as PNG bytes, drawn off the event loop (cached per content version); None if drawing
        failed (logged): the adapter then sends the text answer alone."""
        ...

    def complete(self, kind: str, text: str, limit: int) -> list[tuple[str, str]]:
        """Autocomplete choices (label, value) for an option of `kind`, at most `limit`."""
        ...

    def work(self) -> AbstractAsyncContextManager[None]:
        """Marks platform work in flight, so a graceful shutdown waits for it."""
        ...

    async def recall(self, key: str) -> str | None:
        """A small value the adapter stored earlier (None if none, or if the database fails)."""
        ...

    async def remember(self, key: str, value: str) -> None:
        """Store a small value under `key` (logged, not raised, if the database fails)."""
        ...


class Platform(Protocol):
    """A running connection to one chat platform, in two parts: logged in (REST calls such as `post()`
    work), and listening (receiving the commands users type). Every replica logs in; which ones listen is
    the runtime's choice, by `exclusive`."""

    name: str

    exclusive: bool
    """True when only one replica may listen at a time, because every listener receives every event (all
    of a Discord bot's gateway sessions get each interaction): the runtime then lets one replica listen
    at a time, through a lease in the shared database, while the others stand by, logged in. False when
    the platform hands each event to one listener (Slack)."""

    def routes(self) -> list[web.RouteDef]:
        """HTTP routes this platform serves on the shared server (may be empty)."""
        ...

    async def start(self) -> None:
        """Log in: returns once REST calls (`post()`) work; listening is `listen()`.

        May be called again after `ended()` returned, to log in afresh (listening stops until `listen()`)."""
        ...

    async def listen(self) -> None:
        """Begin receiving commands (a gateway or socket connection; nothing to open in Slack's HTTP mode,
        whose events come to `routes()`); returns once begun, the connection continues in the background.
        Called after `start()`."""
        ...

    async def stop_listening(self) -> None:
        """Stop receiving commands, staying logged in: replies in flight and posts still go out. Called when
        another replica takes over an `exclusive` platform, and at shutdown before the work in flight ends."""
        ...

    async def ended(self) -> None:
        """Return when the listening connection has ended on its own and will not come back by itself.

        The runtime then calls `start()` again, with backoff. A platform that reconnects by itself
        (or has no connection, like Slack's HTTP mode) never returns from this until `stop()`."""
        ...

    async def stop(self) -> None:
        """Stop listening, log out and release resources."""
        ...

    def logged_in(self) -> bool:
        """True while REST calls (`post()`) work: after `start()`, until `stop()`, and not once the platform
        refuses the token."""
        ...

    def connected(self) -> bool:
        """True while the listening connection is up, so commands arrive (a gateway session, a socket; in
        Slack's HTTP mode, while listening): False while not listening, and once the platform refuses the
        token. A fact; what it means for this replica's role (a stand-by does not listen) is the runtime's."""
        ...

    def refused(self) -> str | None:
        """Why the platform refuses newsbot's own token, while it does (None otherwise): bot.errors.TokenRefused's
        message, naming the setting. Any call may find it out (logging in, a post, an upload, a lookup); the
        adapter then logs it once and makes no call with that token again, `connected()` is False, /readyz
        gives this reason, and the runtime neither retries nor restarts the platform: only a restart with a
        valid token mends it. `start()` and `listen()` raise TokenRefused when they cannot go on without it."""
        ...

    async def post(self, channel: Channel, answer: Answer, key: str | None = None) -> None:
        """Post `answer` to `channel` on the bot's own initiative, with mentions off.

        `key` (at most 25 characters) names this message: the same key on a repeated post lets a platform
        that deduplicates recognise the repeat (Discord's enforced nonce, for a few minutes) instead of
        posting twice. Slack has no such thing and ignores it.

        Raises ChannelGone, NoAccess or RateLimited (bot.errors) for those failures, PostError for any other
        refusal, each with the platform's error code in its message, and TokenRefused (sending nothing once the
        token is refused)."""
        ...
