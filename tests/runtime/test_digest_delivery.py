"""Delivering digest slots through the real SlackPlatform and the loopback fake Slack, on SQLite: claim,
compose, post, record; nothing new; retries; results unknown; channels gone; crashes settled."""

from __future__ import annotations

import asyncio
import json
import logging

import aiohttp
import pytest

from bot.adapters.slack import post as slack_post
from bot.core import Channel
from bot.errors import NoAccess, PostError, RateLimited
from bot.runtime.digests import poster
from bot.runtime.digests.desk import Desk
from tests.runtime.digest_support import NEWS, Scripted, World, slot, world  # noqa: F401 - fixture
from tests.slack.slack_fakes import texts


def states(world: World, subscription_id: int) -> list[str]:
    return [row.state for row in world.digests.deliveries(subscription_id)]


async def test_first_digest_posts_and_remembers_what_the_channel_saw(world: World) -> None:
    sub = world.subscribe()
    result = await world.deliverer().deliver(sub, slot(10))
    assert result.posted and result.detail == "posted"
    [posted] = world.fake.posts
    assert posted["channel"] == "C0NEWS" and "GPT-5.4" in texts(posted["blocks"])
    row = world.digests.get_by_id(sub)
    assert row.last_slot == slot(10) and row.last_delivery is not None and json.loads(row.snapshot)
    [done] = world.digests.deliveries(sub)
    assert (done.state, done.attempts, done.replica) == ("posted", 1, "test-a")


async def test_nothing_new_is_skipped_and_a_content_edit_is_news(world: World) -> None:
    sub = world.subscribe()
    deliverer = world.deliverer()
    assert (await deliverer.deliver(sub, slot(10))).posted
    quiet = await deliverer.deliver(sub, slot(11))
    assert not quiet.posted and "nothing new" in quiet.detail
    assert len(world.fake.posts) == 1 and states(world, sub) == ["posted", "empty"]
    world.edit("{model: claude-opus-4.6, value: 53,", "{model: claude-opus-4.6, value: 58,")
    assert (await deliverer.deliver(sub, slot(12))).posted
    text = texts(world.fake.posts[-1]["blocks"])
    assert "Claude Opus 4.6" in text and "53" in text and "58" in text
    assert states(world, sub) == ["posted", "empty", "posted"]


async def test_digest_empty_post_posts_even_when_nothing_changed(world: World) -> None:
    sub = world.subscribe()
    deliverer = world.deliverer(empty="post")
    assert (await deliverer.deliver(sub, slot(10))).posted
    assert (await deliverer.deliver(sub, slot(11))).posted
    assert len(world.fake.posts) == 2


async def test_a_slot_is_delivered_once_even_when_two_replicas_are_due(world: World) -> None:
    sub = world.subscribe()
    other = world.deliverer(replica="test-b")
    results = await asyncio.gather(world.deliverer().deliver(sub, slot(10)), other.deliver(sub, slot(10)))
    assert sorted(r.posted for r in results) == [False, True]
    assert len(world.fake.posts) == 1 and states(world, sub) == ["posted"]


async def test_rate_limits_are_waited_out_and_retried(world: World) -> None:
    sub = world.subscribe()
    world.platforms = {"slack": Scripted(world.slack, RateLimited("429", 0.0), RateLimited("429", 0.0))}
    assert (await world.deliverer().deliver(sub, slot(10))).posted
    [done] = world.digests.deliveries(sub)
    assert (done.state, done.attempts) == ("posted", 3) and len(world.fake.posts) == 1


async def test_a_rate_limit_too_long_to_wait_gives_the_slot_up(world: World) -> None:
    sub = world.subscribe()
    world.platforms = {"slack": Scripted(world.slack, RateLimited("429", 3600.0))}
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and "rate limited for 3600 s" in result.detail
    assert states(world, sub) == ["failed"] and not world.digests.get_by_id(sub).paused


async def test_refusals_are_retried_a_bounded_number_of_times(world: World, monkeypatch) -> None:
    monkeypatch.setattr(poster, "BACKOFF", 0.0)
    sub = world.subscribe()
    world.fake.errors["chat.postMessage"] = "msg_too_long"
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and "gave up after 4 attempts" in result.detail and "msg_too_long" in result.detail
    assert world.fake.calls.count("chat.postMessage") == poster.ATTEMPTS
    assert states(world, sub) == ["failed"]


@pytest.mark.parametrize("code", ["token_revoked", "invalid_auth", "account_inactive"])
async def test_a_refused_token_is_not_retried_and_pauses_nothing(world: World, code: str) -> None:
    sub = world.subscribe()
    world.fake.errors["chat.postMessage"] = code  # revoked while the bot runs
    refused = f"Slack refused SLACK_BOT_TOKEN ({code}): set a valid token and restart newsbot"
    deliverer = world.deliverer()
    for day in (10, 11):
        result = await deliverer.deliver(sub, slot(day))
        assert (result.posted, result.detail) == (False, refused)
    assert world.fake.calls.count("chat.postMessage") == 1  # one try; the next slot sent nothing at all
    assert [(d.state, d.attempts, d.detail) for d in world.digests.deliveries(sub)] == [("failed", 1, refused)] * 2
    row = world.digests.get_by_id(sub)
    assert (row.paused, row.failures) == (False, 0)  # not the channel's fault
    assert world.slack.refused() == refused


async def test_a_post_whose_result_is_unknown_is_never_retried(world: World, monkeypatch, caplog) -> None:
    monkeypatch.setattr(slack_post, "POST_TIMEOUT", 0.2)
    sub = world.subscribe()
    world.fake.silent.add("chat.postMessage")  # Slack takes the request and never answers
    with caplog.at_level(logging.WARNING, "newsbot.digests"):
        result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and "it may have been posted" in result.detail
    assert world.fake.calls.count("chat.postMessage") == 1
    [done] = world.digests.deliveries(sub)
    assert (done.state, done.attempts) == ("uncertain", 1)
    assert "outcome=uncertain" in caplog.text and "xoxb" not in caplog.text


def test_which_failures_leave_the_result_unknown() -> None:
    def failure(cause: BaseException) -> PostError:
        try:
            raise PostError("post failed") from cause
        except PostError as exc:
            return exc

    assert poster.result_unknown(failure(TimeoutError()))
    assert poster.result_unknown(failure(aiohttp.ServerDisconnectedError()))
    assert not poster.result_unknown(failure(ConnectionRefusedError()))
    assert not poster.result_unknown(PostError("discord is not connected: nothing can be posted"))


async def test_a_gone_channel_pauses_after_three_failures_and_resume_clears_it(world: World) -> None:
    sub = world.subscribe()
    world.fake.errors["chat.postMessage"] = "channel_not_found"
    deliverer = world.deliverer()
    for day in (10, 11, 12):
        result = await deliverer.deliver(sub, slot(day))
        assert not result.posted and "channel_not_found" in result.detail
    assert states(world, sub) == ["failed"] * 3
    desk = Desk(world.store)
    paused = desk.find(NEWS)
    assert paused.paused and "channel_not_found" in paused.reason
    assert not (await deliverer.deliver(sub, slot(13))).posted  # paused: not even claimed
    assert len(states(world, sub)) == 3
    resumed = desk.set_paused(NEWS, False)
    assert not resumed.paused and resumed.reason == "" and world.digests.get_by_id(sub).failures == 0
    del world.fake.errors["chat.postMessage"]
    assert (await deliverer.deliver(sub, slot(14))).posted


async def test_no_access_counts_towards_the_pause_but_a_success_resets_the_count(world: World) -> None:
    sub = world.subscribe()
    world.platforms = {"slack": Scripted(world.slack, NoAccess("not_in_channel"), NoAccess("not_in_channel"))}
    deliverer = world.deliverer()
    assert not (await deliverer.deliver(sub, slot(10))).posted
    assert not (await deliverer.deliver(sub, slot(11))).posted
    assert world.digests.get_by_id(sub).failures == 2
    assert (await deliverer.deliver(sub, slot(12))).posted
    row = world.digests.get_by_id(sub)
    assert row.failures == 0 and not row.paused


async def test_a_crash_between_claim_and_result_is_settled_uncertain_and_logged(world: World, caplog) -> None:
    sub = world.subscribe()
    crashed = world.digests.claim(sub, slot(10), "test-a")  # the process died right after this
    in_flight = world.digests.claim(sub, slot(11), "test-b")  # another replica, posting right now
    with caplog.at_level(logging.WARNING, "newsbot.digests"):
        settled = await world.deliverer().settle(slot(1), "test-a")
    assert settled == 1
    rows = {row.id: row for row in world.digests.deliveries(sub)}
    assert rows[crashed].state == "uncertain" and rows[in_flight].state == "claimed"
    assert f"subscription={sub}" in caplog.text and "may or may not have been posted" in caplog.text
    # the settled slot is not delivered again
    assert not (await world.deliverer().deliver(sub, slot(10))).posted and world.fake.posts == []


async def test_deliveries_of_other_channels_go_on_while_one_waits(world: World) -> None:
    slow_gate = asyncio.Event()

    class Gated(Scripted):
        async def post(self, channel, answer, key=None):
            if channel.channel == "C0SLOW":
                await slow_gate.wait()
            await self.inner.post(channel, answer, key=key)

    world.platforms = {"slack": Gated(world.slack)}
    slow = world.subscribe(Channel(platform="slack", workspace="T0TEST", channel="C0SLOW"))
    fast = world.subscribe()
    deliverer = world.deliverer()
    waiting = deliverer.spawn(slow, slot(10))
    assert (await deliverer.deliver(fast, slot(10))).posted
    assert not waiting.done() and [p["channel"] for p in world.fake.posts] == ["C0NEWS"]
    slow_gate.set()
    assert (await waiting).posted


async def test_a_removed_subscription_or_missing_platform_is_not_claimed(world: World) -> None:
    sub = world.subscribe()
    world.platforms = {"discord": world.slack}
    result = await world.deliverer().deliver(sub, slot(10))
    assert not result.posted and "slack is not running" in result.detail and states(world, sub) == []
    world.digests.delete(NEWS.platform, NEWS.workspace, NEWS.channel, NEWS.thread)
    assert "no digest subscription" in (await world.deliverer().deliver(sub, slot(10))).detail
