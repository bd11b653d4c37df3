"""The loopback fake Discord (tests/discord/fakediscord.py) as several replicas of one bot see it: every
gateway session on the token gets every INTERACTION_CREATE, as Discord does for unsharded sessions, and a
second callback for one interaction is refused with HTTP 400, code 40060, as Discord refuses it."""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from tests.discord.fakediscord import Call, FakeDiscord

ALREADY_ACKNOWLEDGED = (400, {"message": "Interaction has already been acknowledged.", "code": 40060})


@dataclass
class ReplicaDiscord(FakeDiscord):
    """FakeDiscord that broadcasts dispatches to every open gateway session. `acknowledged`: the interactions
    whose first callback was accepted."""

    acknowledged: set[int] = field(default_factory=set)

    async def dispatch(self, event: str, data: dict[str, Any]) -> None:
        """Write one gateway DISPATCH to every session open now."""
        assert self.sessions, "no replica is connected to the gateway"
        for ws in list(self.sessions):
            await self.send(ws, event, data)

    def _callback(self, interaction_id: int, token: str, body: dict[str, Any]) -> tuple[int, Any]:
        if interaction_id in self.acknowledged:
            return ALREADY_ACKNOWLEDGED
        status, response = super()._callback(interaction_id, token, body)
        if status == 200:
            self.acknowledged.add(interaction_id)
        return status, response

    def callbacks(self, interaction_id: int) -> list[Call]:
        """Every callback the replicas sent for the interaction, the refused ones included."""
        return [c for c in self.calls if c.path.startswith(f"interactions/{interaction_id}/")]

    def posts(self, channel_id: int) -> list[Call]:
        """The messages the replicas created in a channel on their own initiative (digests)."""
        return [c for c in self.calls if c.method == "POST" and c.path == f"channels/{channel_id}/messages"]
