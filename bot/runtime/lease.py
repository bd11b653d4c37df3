"""This replica's hold on a lease in the shared database (bot.store.leases), renewed by heartbeats.

A holder gives the lease up only when the database answers that another replica holds it (or at shutdown,
or when it cannot listen): while the database does not answer, it keeps it. A database outage then costs no
Discord command. The price is an overlap where only the holder lost the database: a stand-by takes the lease
over `timeout` seconds after the last heartbeat on the database's clock, and both listen until the old
holder reaches the database again and learns it. Discord refuses the second answer to an interaction
(40060, logged at INFO) and `/digest now` is keyed by the interaction, so the overlap posts nothing twice
(docs/discord.md, "Running more than one replica").

Heartbeats run on a thread of the lease's own, one at a time, so they never wait behind the store's other
work, and a release at shutdown lands after any heartbeat still in flight. A heartbeat is a write that
may take effect however late it is answered: it is never abandoned nor sent again while in flight, and
its answer counts when it comes."""

from __future__ import annotations

import asyncio
import functools
import logging
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
"""Heartbeats per lease timeout: a stand-by takes over after five missed in a row."""
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
        self.held = False
        """Whether this replica holds the lease: the last heartbeat the database answered made it the holder."""
        self._unanswered = False

    async def renew(self) -> bool:
        """One heartbeat: take the lease if it is free or lapsed, renew it if held; True while held.

        Waits up to one interval for the database's answer. A heartbeat still unanswered then stays in
        flight (the next call waits for it instead of sending another) and counts when its answer comes."""
        if self._in_flight is None:
            self._in_flight = self._on_thread(self.leases.take, self.name, self.replica, self.timeout)
        heartbeat = self._in_flight
        done, _ = await asyncio.wait({heartbeat}, timeout=self.interval)
        if not done:
            self._unanswering(f"no answer within {self.interval:g} s")
            return self.held
        self._in_flight = None
        try:
            self._answered(heartbeat.result())
        except StoreError as exc:
            self._unanswering(str(exc))
        return self.held

    def _answered(self, holder: str | None) -> None:
        self.holder = holder
        self.held = holder == self.replica
        if self._unanswered:
            self._unanswered = False
            log.info("lease %s: the database answers again", self.name)

    def _unanswering(self, reason: str) -> None:
        if self._unanswered:
            return
        self._unanswered = True
        if self.held:
            log.warning("lease %s: the database did not answer (%s); holding it until the database says otherwise",
                        self.name, reason)
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
        if not self.held and self._in_flight is None:
            return
        self.held, self.holder, self._in_flight = False, None, None
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
