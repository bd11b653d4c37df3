"""This replica's hold on a lease in the shared database (bot.store.leases), renewed by heartbeats.

The holder holds it only while its heartbeats are answered: once `timeout` seconds (less one interval, for
the holder to stop in time) have passed on its own monotonic clock since it sent the last heartbeat the
database answered, it lets the lease go, whether or not the database still answers. A stand-by takes a
lease over only once it has gone `timeout` seconds without a heartbeat on the database's clock, so the two
never both hold it (fencing). The price: while the database answers nobody for longer than `timeout`,
nobody holds the lease (docs/discord.md, "Running more than one replica").

Heartbeats run on a thread of the lease's own, one at a time, so they never wait behind the store's other
work, and a release at shutdown lands after any heartbeat still in flight. A heartbeat is a write that
may take effect however late it is answered: it is never abandoned nor sent again while in flight, and
its answer counts when it comes."""

from __future__ import annotations

import asyncio
import functools
import logging
import time
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import TypeVar

from bot.errors import StoreError
from bot.logfields import quoted
from bot.store import Store
from bot.store.leases import PREFIX, Leases

log = logging.getLogger("newsbot")

T = TypeVar("T")

HEARTBEATS = 5
"""Heartbeats per lease timeout: a holder may miss three in a row and still hold the lease."""
RELEASE_TIMEOUT = 2.0
"""Seconds a release at shutdown waits for the database: the stand-by takes over after the timeout anyway."""


class Lease:
    """The lease `name`, taken and renewed by this replica (`replica`) every `interval` seconds (a fifth of
    `timeout` unless given); a stand-by takes it over `timeout` seconds after the holder's last heartbeat."""

    def __init__(self, store: Store, name: str, replica: str, timeout: float, interval: float | None = None) -> None:
        self.store = store
        self.leases = Leases(store)
        self.name = name
        self.replica = replica
        self.timeout = timeout
        self.interval = interval or timeout / HEARTBEATS
        self.holder: str | None = None
        """Who held the lease at the last heartbeat the database answered (None: not known)."""
        self._thread = ThreadPoolExecutor(1, thread_name_prefix="newsbot-lease")
        self._in_flight: asyncio.Future[str | None] | None = None
        self._sent = 0.0
        self._held_since_sent: float | None = None
        """When (monotonic) this replica sent the last heartbeat that the database answered with it as holder."""
        self._unanswered = False

    @property
    def held(self) -> bool:
        """Whether this replica holds the lease now: its last answered heartbeat made it the holder, and was
        sent less than `timeout` minus one interval ago (after that, a stand-by may take it over)."""
        since = self._held_since_sent
        return since is not None and time.monotonic() < since + self.timeout - self.interval

    async def renew(self) -> bool:
        """One heartbeat: take the lease if it is free or lapsed, renew it if held; True while held.

        Waits up to one interval for the database's answer. A heartbeat still unanswered then stays in
        flight (the next call waits for it instead of sending another) and counts when its answer comes."""
        if self._in_flight is None:
            self._sent = time.monotonic()
            self._in_flight = self._on_thread(self.leases.take, self.name, self.replica, self.timeout)
        heartbeat, was_held = self._in_flight, self.held
        done, _ = await asyncio.wait({heartbeat}, timeout=self.interval)
        try:
            if not done:
                self._unanswering(f"no answer within {self.interval:g} s")
                return self.held
            self._in_flight = None
            try:
                self._answered(heartbeat.result())
            except StoreError as exc:
                self._unanswering(str(exc))
            return self.held
        finally:
            if was_held and not self.held and self.holder == self.replica:
                self._let_go()

    def _let_go(self) -> None:
        """The holder's heartbeats went unanswered for too long: it is no longer sure to hold the lease."""
        self.holder = None
        log.warning("lease %s: no heartbeat answered for %.0f s: letting it go, so that a stand-by can take over",
                    self.name, time.monotonic() - (self._held_since_sent or self._sent))

    def _answered(self, holder: str | None) -> None:
        self.holder = holder
        self._held_since_sent = self._sent if holder == self.replica else None
        if self._unanswered:
            self._unanswered = False
            log.info("lease %s: the database answers again", self.name)

    def _unanswering(self, reason: str) -> None:
        if self._unanswered:
            return
        self._unanswered = True
        if self.held:
            left = (self._held_since_sent or 0.0) + self.timeout - self.interval - time.monotonic()
            log.warning("lease %s: the database did not answer (%s); holding it for at most %.0f s more",
                        self.name, reason, left)
        else:
            log.warning("lease %s: the database did not answer (%s); staying a stand-by until it does", self.name, reason)

    async def look(self) -> str | None:
        """Who holds the lease, without taking it (None if nobody, or if the database does not answer)."""
        try:
            self.holder = await asyncio.wait_for(
                asyncio.shield(self._on_thread(self.store.get_state, PREFIX + self.name)), self.interval)
        except (StoreError, TimeoutError):
            self.holder = None
        return self.holder

    async def release(self) -> None:
        """Give the lease up at once (at shutdown, or when this replica cannot listen), so a stand-by need not
        wait for it to lapse. Runs after any heartbeat in flight, which might otherwise take it back."""
        if self._held_since_sent is None and self._in_flight is None:
            return
        self._held_since_sent, self.holder, self._in_flight = None, None, None
        releasing = self._on_thread(self.leases.release, self.name, self.replica)
        try:
            await asyncio.wait_for(asyncio.shield(releasing), RELEASE_TIMEOUT)
        except (StoreError, TimeoutError) as exc:
            log.warning("lease %s: could not release it (%s); a stand-by takes over within %.0f s",
                        self.name, str(exc) or f"no answer within {RELEASE_TIMEOUT:g} s", self.timeout)
            return
        log.info("lease %s released", self.name)

    def close(self) -> None:
        """No more heartbeats; a release still queued goes out (the thread ends after it)."""
        self._thread.shutdown(wait=False)

    def _on_thread(self, method: Callable[..., T], *args: object) -> asyncio.Future[T]:
        """`store.call(method, *args)` on the lease's thread, after the calls before it. A failure nobody waits
        for any more (a call given up on) is dropped quietly."""
        call = asyncio.get_running_loop().run_in_executor(self._thread, functools.partial(self.store.call, method, *args))
        call.add_done_callback(lambda done: done.cancelled() or done.exception())
        return call

    def describe_holder(self) -> str:
        """Who holds the lease, for logs and /readyz."""
        return f"replica {quoted(self.holder)}" if self.holder else "another replica"
