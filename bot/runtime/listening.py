"""How this replica runs each platform: always logged in, so every replica can post digests; listening
(receiving commands) always, or, for an `exclusive` platform, only while this replica holds the
platform's lease, so one replica answers each command. The supervisor starts and restarts Listeners.

The Listener owns the role: the platform only reports facts (logged in, its listening connection up)."""

from __future__ import annotations

import asyncio
import contextlib
import logging
import time

from aiohttp import web

from bot.adapters.base import Platform
from bot.runtime.lease import Lease
from bot.runtime.metrics import Metrics
from bot.runtime.platforms import describe

log = logging.getLogger("newsbot")


class Listener:
    """One platform, logged in, listening while it is this replica's turn (`lease`: None for a platform
    that every replica may listen to). A holder that cannot listen (its connection down for longer than the
    lease's timeout, or ended for good) hands the lease over, so a stand-by that can listen takes over."""

    def __init__(self, platform: Platform, lease: Lease | None, metrics: Metrics) -> None:
        self.platform = platform
        self.name = platform.name
        self.lease = lease
        self.metrics = metrics
        self.listening = False
        self._turns: asyncio.Task[None] | None = None
        self._told = False
        """That this replica is a stand-by, since it last listened."""
        self._down_since: float | None = None
        """Since when (monotonic) this replica has been listening without its listening connection up."""
        self._resting_until = 0.0
        """Until when (monotonic) this replica, having handed the lease over, leaves it to the stand-bys."""

    def routes(self) -> list[web.RouteDef]:
        return self.platform.routes()

    async def start(self) -> None:
        """Log in; then listen, or take turns through the lease in the background. May be called again
        after `ended()` returned."""
        await self._end_turns()
        self._set_listening(False)
        await self.platform.start()
        if self.lease is None:
            await self._listen()
        else:
            self._turns = asyncio.create_task(self._take_turns(self.lease), name=f"{self.name}-lease")

    async def _take_turns(self, lease: Lease) -> None:
        """One turn every heartbeat; a failing turn is logged once, until a turn succeeds again."""
        failing = False
        while True:
            began = time.monotonic()
            try:
                await self._turn(lease)
            except Exception as exc:  # noqa: BLE001 - the next heartbeat tries again
                if not failing:
                    log.error("%s: taking turns through the lease %s failed (%s); trying again every %g s",
                              self.name, lease.name, describe(exc), lease.interval)
                failing = True
            else:
                if failing:
                    log.info("%s: taking turns through the lease %s works again", self.name, lease.name)
                failing = False
            await asyncio.sleep(max(0.0, began + lease.interval - time.monotonic()))

    async def _turn(self, lease: Lease) -> None:
        """Listen once the lease is this replica's; stop once it is not, or hand it over once this replica
        has been listening without a connection for longer than the lease's timeout."""
        if time.monotonic() < self._resting_until:
            await lease.look()  # a stand-by takes the lease meanwhile, if one can
            self._tell_standby(lease)
            return
        held = await lease.renew()
        if held and not self.listening:
            log.info("%s: this replica holds the lease %s: listening", self.name, lease.name)
            await self._listen()
        elif held and self._down_too_long(lease):
            log.warning("%s: not connected for %.0f s while listening: handing the lease %s over to a stand-by",
                        self.name, lease.timeout, lease.name)
            await self._stand_down(lease)
            self._resting_until = time.monotonic() + lease.timeout
        elif not held and self.listening:
            if lease.holder not in (None, lease.replica):
                log.warning("%s: %s took the lease %s: no longer listening", self.name, lease.describe_holder(),
                            lease.name)
            else:
                log.warning("%s: the lease %s is no longer surely this replica's: no longer listening", self.name,
                            lease.name)
            self._set_listening(False)
            await self.platform.stop_listening()
        self._tell_standby(lease)

    def _tell_standby(self, lease: Lease) -> None:
        if not self._told and self.standby() is not None:
            log.info("%s: stand-by: %s holds the lease %s and listens; this replica takes over when it hands "
                     "over, or misses its heartbeats for %.0f s", self.name, lease.describe_holder(), lease.name,
                     lease.timeout)
            self._told = True

    async def _listen(self) -> None:
        await self.platform.listen()
        self._set_listening(True)
        self._down_since, self._told = time.monotonic(), False

    def _down_too_long(self, lease: Lease) -> bool:
        """Whether this replica, listening, has had no listening connection for longer than the lease's timeout."""
        if self.platform.connected():
            self._down_since = None
            return False
        now = time.monotonic()
        if self._down_since is None:
            self._down_since = now
        return now - self._down_since > lease.timeout

    async def _stand_down(self, lease: Lease) -> None:
        if self.listening:
            self._set_listening(False)
            await self.platform.stop_listening()
        await lease.release()

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
        """Stop listening and release the lease at once (at SIGTERM, before finishing the work in flight,
        and when the platform's connection ended), so a stand-by takes over without waiting for the lease
        to lapse. Nothing for a platform every replica listens to."""
        if self.lease is None:
            return
        await self._end_turns()
        await self._stand_down(self.lease)

    async def ended(self) -> None:
        """Return when the platform's connection ended on its own (see Platform.ended), once the lease is
        handed over: a stand-by takes over at once, not after the supervisor's backoff."""
        await self.platform.ended()
        await self.hand_over()

    async def stop(self) -> None:
        """Hand over, then log out."""
        await self.hand_over()
        await self.platform.stop()
        self._set_listening(False)
        if self.lease is not None:
            self.lease.close()

    def connected(self) -> bool:
        """Up in its role: while this replica is to listen, its listening connection is up; while it stands
        by, it is logged in. False while it is to listen but does not yet, and while it does not know its
        role (no heartbeat answered yet)."""
        if self.lease is None or self.lease.held:
            return self.listening and self.platform.connected()
        return self.lease.holder not in (None, self.lease.replica) and self.platform.logged_in()

    def refused(self) -> str | None:
        """The platform's own answer (Platform.refused): why it refuses newsbot's token, if it does."""
        return self.platform.refused()

    def standby(self) -> str | None:
        """For /readyz: why this logged-in replica does not listen (None when it does, or is not started)."""
        lease = self.lease
        if lease is None or lease.holder in (None, lease.replica) or self.listening or self._turns is None or (
                self._turns.done()):
            return None
        return f"{self.name}: stand-by, {lease.describe_holder()} listens (lease {lease.name})"
