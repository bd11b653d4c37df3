"""What every platform adapter offers the runtime."""

from __future__ import annotations

from typing import Protocol

from aiohttp import web


class Platform(Protocol):
    """A running connection to one chat platform."""

    name: str

    def routes(self) -> list[web.RouteDef]:
        """HTTP routes this platform serves on the shared server (may be empty)."""
        ...

    async def start(self) -> None:
        """Connect and begin serving; returns once started (work continues in the background).

        May be called again after `ended()` returned, to connect afresh."""
        ...

    async def ended(self) -> None:
        """Return when the connection has ended on its own and will not come back by itself.

        The runtime then calls `start()` again, with backoff. A platform that reconnects by itself
        (or has no connection, like Slack's HTTP mode) never returns from this until `stop()`."""
        ...

    async def stop(self) -> None:
        """Disconnect and release resources."""
        ...

    def connected(self) -> bool:
        """True while the platform connection is up (for /readyz)."""
        ...
