"""This replica's hold on a lease in the shared database (bot.store.leases), renewed by heartbeats.

When the database stops answering, the holder keeps holding: the replicas that could take over cannot
reach the database either (usually), and giving up would leave nobody listening. Where only the holder
lost the database, a stand-by takes over once the heartbeat lapses, and both listen until the holder
reaches the database again and sees the lease gone; Discord's 40060 for a second answer and /digest now's
slot keyed by the interaction make that overlap harmless."""

from __future__ import annotations

import logging

from bot.errors import StoreError
from bot.logfields import quoted
from bot.store import Store
from bot.store.leases import Leases

log = logging.getLogger("newsbot")

HEARTBEATS = 5
"""Heartbeats per lease timeout: a holder may miss four in a row before a stand-by can take over."""
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
        self.held = False
        self.holder: str | None = None
        """Who held the lease at the last heartbeat that reached the database."""
        self._unanswered = False

    async def renew(self) -> bool:
        """One heartbeat: take the lease if it is free or lapsed, renew it if held; True while held.

        A database that does not answer within the interval (when the next heartbeat is due) changes
        nothing: the holder keeps holding, a stand-by stays one (one warning until it answers again)."""
        try:
            self.holder = await self.store.run(
                self.leases.take, self.name, self.replica, self.timeout, timeout=self.interval
            )
        except StoreError as exc:
            if not self._unanswered:
                self._unanswered = True
                log.warning("lease %s: the database did not answer (%s); %s until it does", self.name, exc,
                            "holding it" if self.held else "staying a stand-by")
            return self.held
        if self._unanswered:
            self._unanswered = False
            log.info("lease %s: the database answers again", self.name)
        self.held = self.holder == self.replica
        return self.held

    async def release(self) -> None:
        """Give the lease up at once (at shutdown), so a stand-by need not wait for it to lapse."""
        if not self.held:
            return
        self.held = False
        try:
            await self.store.run(self.leases.release, self.name, self.replica, timeout=RELEASE_TIMEOUT)
        except StoreError as exc:
            log.warning("lease %s: could not release it (%s); a stand-by takes over within %.0f s",
                        self.name, exc, self.timeout)
            return
        log.info("lease %s released", self.name)

    def describe_holder(self) -> str:
        """Who holds the lease, for logs and /readyz."""
        return f"replica {quoted(self.holder)}" if self.holder else "another replica"
