"""Shared pieces of the digest runtime tests: a copy of the content to edit, a migrated SQLite store, the
loopback fake Slack with a real SlackPlatform, and a Deliverer over them."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import pytest

from bot.adapters.slack import SlackPlatform
from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Answer, Channel
from bot.runtime.digests.delivery import Deliverer
from bot.store import Store
from bot.store.digests import DigestStore
from tests.conftest import CONTENT
from tests.slack.slack_fakes import FakeSlack, make_config, make_service

NEWS = Channel(platform="slack", workspace="T0TEST", channel="C0NEWS")


@dataclass
class World:
    """Everything a delivery touches; `catalog` may be replaced (a content edit)."""

    content: Path
    catalog: Catalog
    store: Store
    digests: DigestStore
    fake: FakeSlack
    slack: SlackPlatform
    platforms: dict[str, Any] = field(default_factory=dict)

    def deliverer(self, **overrides: Any) -> Deliverer:
        values: dict[str, Any] = {"top_n": 5, "empty": "skip", "replica": "test-a"}
        values.update(overrides)
        return Deliverer(self.store, self.digests, lambda: self.catalog, self.platforms or {"slack": self.slack}, **values)

    def subscribe(self, channel: Channel = NEWS, cron: str = "0 9 * * *", zone: str = "UTC") -> int:
        row = self.digests.upsert(channel.platform, channel.workspace, channel.channel, channel.thread,
                                  "daily 09:00", cron, zone, "U0ADMIN")
        return row.id

    def edit(self, old: str, new: str, file: str = "benchmarks.yaml") -> None:
        """Change the content on disk and load it again, as a reload would."""
        path = self.content / file
        text = path.read_text()
        assert old in text, old
        path.write_text(text.replace(old, new, 1))
        self.catalog = load_catalog(self.content)


@pytest.fixture
async def world(tmp_path: Path) -> AsyncIterator[World]:
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    store = Store(f"sqlite:///{tmp_path}/bot.db")
    store.migrate()
    fake = FakeSlack()
    await fake.server.start_server()
    slack = SlackPlatform(make_config(fake), make_service())
    yield World(content, load_catalog(content), store, DigestStore(store), fake, slack)
    await fake.server.close()
    store.close()


def slot(day: int, hour: int = 9) -> dt.datetime:
    return dt.datetime(2026, 4, day, hour, tzinfo=dt.UTC)


class Scripted:
    """A platform that raises the scripted errors, one per post, then posts through `inner`."""

    name = "slack"

    def __init__(self, inner: Any, *errors: Exception) -> None:
        self.inner = inner
        self.errors = list(errors)
        self.calls = 0
        self.keys: list[str | None] = []

    async def post(self, channel: Channel, answer: Answer, key: str | None = None) -> None:
        self.calls += 1
        self.keys.append(key)
        if self.errors:
            raise self.errors.pop(0)
        await self.inner.post(channel, answer, key=key)
