"""/digest through Slack end to end (HTTP mode, the real command, Desk and SQLite store): acked at once,
answered through response_url; users.info decides who may change a channel's digests; `now` posts with
chat.postMessage while the command waits in a worker thread."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator, Iterator
from pathlib import Path

import pytest
from slack_fakes import CONTENT, FakeSlack, HttpSlack, form, make_config, start_http, stop_http, texts

from bot.content.loader import load_catalog
from bot.core import Channel, Core
from bot.runtime.digests.desk import Desk
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service
from bot.store import Store

GENERAL = Channel(platform="slack", workspace="T0TEST", channel="C0GENERAL")


@pytest.fixture
def store(tmp_path: Path) -> Iterator[Store]:
    db = Store(f"sqlite:///{tmp_path / 'bot.db'}")
    db.migrate()
    yield db
    db.close()


@pytest.fixture
async def slack(fake: FakeSlack, store: Store) -> AsyncIterator[HttpSlack]:
    desk = Desk(store)
    service = Service(Core(load_catalog(CONTENT, headline="intelligence-index"), digests=desk), Metrics(), store)
    started = await start_http(make_config(fake), service)
    await desk.start({"slack": started.platform}, lambda: service.core.catalog, paused=True)
    fake.users["U0ADMIN"] = {"is_admin": True}
    yield started
    await desk.stop()
    await stop_http(started)


async def digest(slack: HttpSlack, fake: FakeSlack, text: str, user: str) -> dict:
    """Type `/digest text` as `user`: an empty ack, then the answer through response_url."""
    assert await slack.post(form("/digest", text, fake, user_id=user)) == (200, "")
    return await asyncio.wait_for(fake.responses.get(), 10)


async def test_a_member_is_refused_privately_and_nothing_changes(slack: HttpSlack, fake: FakeSlack, store) -> None:
    reply = await digest(slack, fake, "subscribe daily 09:00", "U0MEMBER")
    assert reply["response_type"] == "ephemeral"
    assert "workspace admins and owners" in texts(reply["blocks"])
    assert Desk(store).find(GENERAL) is None


async def test_an_admin_subscribes_then_posts_now(slack: HttpSlack, fake: FakeSlack, store) -> None:
    reply = await digest(slack, fake, "subscribe daily 09:00 Europe/Berlin", "U0ADMIN")
    assert reply["response_type"] == "in_channel" and "Next digest" in texts(reply["blocks"])
    found = Desk(store).find(GENERAL)
    assert found is not None and found.created_by == "U0ADMIN" and found.schedule.zone == "Europe/Berlin"
    reply = await digest(slack, fake, "now", "U0ADMIN")  # the worker thread waits on the loop's post
    assert reply["response_type"] == "ephemeral" and "Posted" in texts(reply["blocks"])
    [post] = fake.posts
    assert post["channel"] == "C0GENERAL" and post["blocks"]
    listed = await digest(slack, fake, "list", "U0MEMBER")
    assert listed["response_type"] == "ephemeral" and "Last digest" in texts(listed["blocks"])
    assert fake.calls.count("users.info") == 2  # U0ADMIN once (cached), U0MEMBER once
