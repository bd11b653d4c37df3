"""How this replica runs each platform: always logged in, so every replica can post digests; listening
(receiving commands) always, or, for an `exclusive` platform, only while this replica holds the
platform's lease, so one replica answers each command. The supervisor starts and restarts Listeners."""

from __future__ import annotations

import asyncio
import contextlib
import logging

from aiohttp import web

from bot.adapters.base import Platform
from bot.runtime.lease import Lease
from bot.runtime.metrics import Metrics

log = logging.getLogger("newsbot")


class Listener:
    """One platform, logged in, listening while it is this replica's turn (`lease`: None for a platform
    that every replica may listen to)."""

    def __init__(self, platform: Platform, lease: Lease | None, metrics: Metrics) -> None:
        self.platform = platform
        self.name = platform.name
        self.lease = lease
        self.metrics = metrics
        self.listening = False
        self._turns: asyncio.Task[None] | None = None

    def routes(self) -> list[web.RouteDef]:
        return self.platform.routes()

    async def start(self) -> None:
        """Log in; then listen, or take turns through the lease in the background. May be called again
        after `ended()` returned: the lease, if held, stays this replica's."""
        await self._end_turns()
        self._set_listening(False)
        await self.platform.start()
        if self.lease is None:
            await self.platform.listen()
            self._set_listening(True)
        else:
            self._turns = asyncio.create_task(self._take_turns(self.lease), name=f"{self.name}-lease")

    async def _take_turns(self, lease: Lease) -> None:
        """Every heartbeat: listen once the lease is this replica's, stop once another replica has it."""
        told = False  # that this replica is a stand-by
        while True:
            held = await lease.renew()
            try:
                if held and not self.listening:
                    log.info("%s: this replica holds the lease %s: listening", self.name, lease.name)
                    await self.platform.listen()
                    self._set_listening(True)
                elif not held and self.listening:
                    log.warning("%s: %s took the lease %s: no longer listening", self.name, lease.describe_holder(),
                                lease.name)
                    self._set_listening(False)
                    await self.platform.stop_listening()
                    told = True
                elif not held and not told and lease.holder is not None:
                    log.info("%s: stand-by: %s holds the lease %s and listens; this replica takes over when it "
                             "hands over, or misses its heartbeats for %.0f s", self.name, lease.describe_holder(),
                             lease.name, lease.timeout)
                    told = True
            except Exception as exc:  # noqa: BLE001 - the next heartbeat tries again
                log.error("%s: %s failed (%s: %s)", self.name, "listening" if held else "stopping to listen",
                          exc.__class__.__name__, exc)
            await asyncio.sleep(lease.interval)

    async def _end_turns(self) -> None:
        task, self._turns = self._turns, None
        if task is not None:
            task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await task

    def _set_listening(self, listening: bool) -> None:
        self.listening = listening
        self.metrics.platform_listening.labels(self.name).set(1 if listening else 0)

    async def hand_over(self) -> None:
        """Stop listening and release the lease at once (at SIGTERM, before finishing the work in flight),
        so a stand-by takes over without waiting for the lease to lapse. Nothing for a platform every
        replica listens to."""
        if self.lease is None:
            return
        await self._end_turns()
        if self.listening:
            self._set_listening(False)
            await self.platform.stop_listening()
        await self.lease.release()

    async def ended(self) -> None:
        """Return when the platform's connection ended on its own (see Platform.ended)."""
        await self.platform.ended()

    async def stop(self) -> None:
        """Hand over, then log out."""
        await self.hand_over()
        await self.platform.stop()
        self._set_listening(False)

    def connected(self) -> bool:
        """The platform's own answer (its listening connection while listening, its login on a stand-by);
        False while it is to listen but does not yet, and while this replica does not know its role (no
        heartbeat has reached the database yet)."""
        if self.lease is None or self.lease.held:
            return self.listening and self.platform.connected()
        return self.lease.holder is not None and self.platform.connected()

    def refused(self) -> str | None:
        """The platform's own answer (Platform.refused): why it refuses newsbot's token, if it does."""
        return self.platform.refused()

    def standby(self) -> str | None:
        """For /readyz: why this logged-in replica does not listen (None when it does, or is not started)."""
        if self.lease is None or self.lease.holder is None or self.listening or self._turns is None or self._turns.done():
            return None
        return f"{self.name}: stand-by, {self.lease.describe_holder()} listens (lease {self.lease.name})"
