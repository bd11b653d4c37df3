"""Posting an Answer to a channel (chat.postMessage) through the loopback fake Slack: what is sent, and each
refusal mapped to a clear error with Slack's code and without the token."""

from __future__ import annotations

import json
import socket

import pytest
from slack_fakes import BOT_TOKEN, FakeSlack, assert_within_limits, make_config, start_http, stop_http, texts

from bot.adapters.slack import post
from bot.core import Answer, Channel, Request
from bot.core.answer import Field, Table
from bot.errors import ChannelGone, NoAccess, PostError, RateLimited
from bot.render.slack import render_slack

NEWS = Channel(platform="slack", workspace="T0TEST", channel="C0NEWS")
HOSTILE = "<!channel> <!here> <!everyone> <@U123> @channel @here @everyone <https://evil.example|click>"


def sent(answer: Answer) -> dict:
    """The rendered message as it travels in JSON."""
    message = render_slack(answer)
    return json.loads(json.dumps({"text": message.text, "blocks": message.blocks}))


async def test_post_sends_the_rendered_answer_to_the_channel_with_the_bot_token(http_slack, fake: FakeSlack,
                                                                                 service) -> None:
    answer = service.core.handle(Request(command="rank", text="intelligence index"))
    await http_slack.platform.post(NEWS, answer)
    assert fake.calls[-1] == "chat.postMessage" and fake.tokens[-1] == BOT_TOKEN
    [posted] = fake.posts
    assert posted["channel"] == "C0NEWS" and "thread_ts" not in posted
    assert {"text": posted["text"], "blocks": posted["blocks"]} == sent(answer)
    assert_within_limits(posted)
    assert "*1.* GPT-5.4 — Score: 57" in texts(posted["blocks"])
    assert posted["link_names"] is False


async def test_post_into_a_thread(http_slack, fake: FakeSlack) -> None:
    thread = Channel(platform="slack", workspace="T0TEST", channel="C0NEWS", thread="1700000000.000100")
    await http_slack.platform.post(thread, Answer(title="Weekly digest"))
    assert (fake.posts[0]["channel"], fake.posts[0]["thread_ts"]) == ("C0NEWS", "1700000000.000100")


async def test_mentions_in_a_post_are_inert(http_slack, fake: FakeSlack) -> None:
    answer = Answer(title=HOSTILE, lines=(HOSTILE,), table=Table(("Model", "Note"), ((HOSTILE, HOSTILE),)),
                    fields=(Field(HOSTILE, HOSTILE),), footer=(HOSTILE,))
    await http_slack.platform.post(NEWS, answer)
    [posted] = fake.posts
    assert_within_limits(posted)  # no '<' or '>' anywhere: no <!channel>, <@U…> or link can form
    raw = json.dumps(posted, ensure_ascii=False)
    for markup in ("<!channel>", "<!here>", "<!everyone>", "<@U123>", "<https://"):
        assert markup not in raw
    assert "&lt;!channel&gt;" in posted["text"]
    # plain '@everyone' stays text: Slack links names only with link_names (off) or parse=full (not set)
    assert posted["link_names"] is False and "parse" not in posted


@pytest.mark.parametrize(
    ("code", "error"),
    [
        ("channel_not_found", ChannelGone),
        ("is_archived", ChannelGone),
        ("not_in_channel", NoAccess),
        ("missing_scope", NoAccess),
        ("restricted_action", NoAccess),
        ("restricted_action_read_only_channel", NoAccess),
        ("msg_too_long", PostError),
        ("internal_error", PostError),
    ],
)
async def test_refusals_map_to_clear_errors(http_slack, fake: FakeSlack, code: str, error: type[PostError]) -> None:
    fake.errors["chat.postMessage"] = code
    with pytest.raises(PostError) as raised:
        await http_slack.platform.post(NEWS, Answer(title="Digest"))
    assert type(raised.value) is error
    assert f"slack_error={code}" in str(raised.value) and "T0TEST/C0NEWS" in str(raised.value)
    assert BOT_TOKEN not in str(raised.value)
    assert fake.posts == []


@pytest.mark.parametrize(("header", "seconds"), [("7", 7.0), ("0.5", 0.5), (None, post.RETRY_AFTER),
                                                 ("soon", post.RETRY_AFTER)])
async def test_429_is_rate_limited_with_retry_after(http_slack, fake: FakeSlack, header, seconds) -> None:
    fake.limited["chat.postMessage"] = header
    with pytest.raises(RateLimited) as raised:
        await http_slack.platform.post(NEWS, Answer(title="Digest"))
    assert raised.value.retry_after == seconds
    assert "slack_error=ratelimited" in str(raised.value) and BOT_TOKEN not in str(raised.value)
    assert fake.calls.count("chat.postMessage") == 1  # not retried behind the caller's back


async def test_unreachable_or_silent_slack_is_a_post_error_with_the_result_unknown(fake: FakeSlack, service,
                                                                                   monkeypatch) -> None:
    with socket.socket() as closed:
        closed.bind(("127.0.0.1", 0))
        port = closed.getsockname()[1]
    slack = await start_http(make_config(fake, api_url=f"http://127.0.0.1:{port}/api"), service)
    try:
        with pytest.raises(PostError, match=r"\(ClientConnectorError\): result unknown") as raised:
            await slack.platform.post(NEWS, Answer(title="Digest"))
    finally:
        await stop_http(slack)
    assert type(raised.value) is PostError and BOT_TOKEN not in str(raised.value)

    monkeypatch.setattr(post, "POST_TIMEOUT", 0.05)
    fake.silent.add("chat.postMessage")
    slack = await start_http(make_config(fake), service)
    try:
        with pytest.raises(PostError, match=r"\(TimeoutError\): result unknown"):
            await slack.platform.post(NEWS, Answer(title="Digest"))
    finally:
        await stop_http(slack)
    assert fake.posts == []
