"""HTTP mode: signed slash commands through the platform's real route, Bolt's verification and listeners."""

from __future__ import annotations

import asyncio
import time

import pytest
from slack_fakes import (
    FakeSlack, assert_within_limits, form, make_config, make_service, signed_headers, start_http,
    stop_http, texts,
)

from bot.core.answer import Answer
from bot.core.commands import default_registry
from bot.core.registry import Command


def commands_counted(slack) -> float:
    """How many commands the service has answered (from its Prometheus counter)."""
    registry = slack.service.metrics.registry
    return sum(s.value for m in registry.collect() if m.name == "newsbot_commands" for s in m.samples
               if s.name == "newsbot_commands_total")


async def test_rank_answers_in_channel_with_the_ranking(http_slack, fake: FakeSlack) -> None:
    status, message = await http_slack.post(form("/rank", "intelligence index", fake))
    assert status == 200
    assert message["response_type"] == "in_channel"
    assert_within_limits(message)
    assert message["blocks"][0] == {"type": "header", "text": {"type": "plain_text", "emoji": True,
                                    "text": "Artificial Analysis Intelligence Index: higher is better"}}
    shown = texts(message["blocks"])
    assert "*1.* Gemini 3.1 Pro — Score: 57 · As of: 2026-04-08" in shown
    assert "*1.* GPT-5.4 — Score: 57 · As of: 2026-04-08" in shown
    assert "*3.* Claude Opus 4.6 — Score: 53" in shown
    assert "*5.* Llama 4 Maverick — Score: 18" in shown
    context = [b for b in message["blocks"] if b["type"] == "context"]
    assert any("Source: Meta Muse Spark launch article" in e["text"] for b in context for e in b["elements"])
    assert "Gemini 3.1 Pro" in message["text"] and "GPT-5.4" in message["text"]
    assert fake.responded == []  # answered in the HTTP response itself, nothing out of band


@pytest.mark.parametrize(
    ("command", "text", "facts", "private"),
    [
        ("/compare", "muse spark vs gpt-5.4",
         ["*Artificial Analysis Intelligence Index* — Muse Spark: 52 · GPT-5.4: 57 · Better: GPT-5.4",
          "*GDPval* — Muse Spark: 1,427 Elo · GPT-5.4: 1,676 Elo", "*Muse Spark*\nMaker: Meta Superintelligence Labs"],
         False),
        ("/timeline", "", ["Muse Spark launches", "Llama 4 launches to an icy reception"], False),
        ("/faq", "", ["1. What is Meta Muse Spark?", "5. What is Contemplating mode?"], False),
        ("/faq", "is muse spark open source", ["open"], False),
        ("/help", "", ["*/rank [benchmark] [top N]*", "*/compare A vs B*", "*/timeline [filter]*", "*/faq [question]*",
                       "*/help*"], True),
        ("/rank", "", ["*1.* Gemini 3.1 Pro — Score: 57", "Other benchmarks:"], False),
        ("/compare", "", ["compare"], True),
        ("/rank", "intelligense indx", ["Did you mean"], True),
    ],
)
async def test_every_command_renders_facts(http_slack, fake, command, text, facts, private) -> None:
    status, message = await http_slack.post(form(command, text, fake))
    assert status == 200
    assert_within_limits(message)
    shown = texts(message["blocks"])
    for fact in facts:
        assert fact in shown
    assert message["response_type"] == ("ephemeral" if private else "in_channel")


async def test_every_core_command_has_a_listener(http_slack, fake, service) -> None:
    for command in service.core.commands:
        status, message = await http_slack.post(form(f"/{command.name}", "", fake))
        assert status == 200
        if command.blocking:  # an empty ack at once, the answer through response_url
            assert message == ""
            message = await asyncio.wait_for(fake.responses.get(), 5)
        assert not message["blocks"][0]["text"]["text"].startswith("Unknown command")


async def test_setting_makes_answers_ephemeral(fake, service) -> None:
    slack = await start_http(make_config(fake, ephemeral=True), service)
    try:
        status, message = await slack.post(form("/rank", "", fake))
    finally:
        await stop_http(slack)
    assert status == 200 and message["response_type"] == "ephemeral"
    assert "*1.* GPT-5.4 — Score: 57" in texts(message["blocks"])


@pytest.mark.parametrize(
    "headers",
    [
        pytest.param(lambda body: signed_headers(body, secret="not-the-signing-secret"), id="forged"),
        pytest.param(lambda body: signed_headers(body, timestamp=int(time.time()) - 6 * 60), id="stale"),
        pytest.param(lambda body: signed_headers(body, timestamp=int(time.time()) + 6 * 60), id="future"),
        pytest.param(lambda body: {"Content-Type": "application/x-www-form-urlencoded"}, id="missing"),
        pytest.param(lambda body: {**signed_headers(body), "X-Slack-Signature": ""}, id="empty-signature"),
        pytest.param(lambda body: signed_headers(body.replace("intelligence", "healthbench")), id="tampered-body"),
    ],
)
async def test_unverified_requests_get_401_and_run_nothing(http_slack, fake, headers) -> None:
    body = form("/rank", "intelligence index", fake)
    status, _ = await http_slack.post(body, headers=headers(body))
    assert status == 401
    assert commands_counted(http_slack) == 0
    status, _ = await http_slack.post(body)  # the same request, correctly signed, does run
    assert status == 200 and commands_counted(http_slack) == 1


async def test_unknown_command_answers_only_the_asker(http_slack, fake) -> None:
    status, message = await http_slack.post(form("/frobnicate", "now", fake))
    assert status == 200 and message["response_type"] == "ephemeral"
    assert message["blocks"][0]["text"]["text"] == "Unknown command “/frobnicate”"
    assert ", ".join(f"/{c.name}" for c in default_registry()) in texts(message["blocks"])


async def test_100_kb_text_is_refused_politely(http_slack, fake) -> None:
    status, message = await http_slack.post(form("/rank", "x" * 100_000, fake))
    assert status == 200 and message["response_type"] == "ephemeral"
    assert_within_limits(message)
    assert message["blocks"][0]["text"]["text"] == "That is too long for /rank"


@pytest.mark.parametrize("text", ["<!channel> <@U123>", "<!here> & <https://evil.example|click> <#C1>"])
async def test_hostile_text_comes_back_escaped(http_slack, fake, text) -> None:
    status, message = await http_slack.post(form("/rank", text, fake))
    assert status == 200
    assert_within_limits(message)
    raw = str(message)
    for markup in ("<!channel>", "<!here>", "<@U123>", "<https://", "<#C1>"):
        assert markup not in raw
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    assert escaped[:20] in message["blocks"][0]["text"]["text"]


async def test_commands_are_logged_without_secrets(http_slack, fake, no_secrets_in_logs) -> None:
    await http_slack.post(form("/rank", "intelligence index", fake))
    lines = [r for r in no_secrets_in_logs.records if r.name == "newsbot.commands"]
    assert len(lines) == 1
    record = lines[0]
    assert (record.command, record.platform, record.workspace, record.where, record.outcome) == (
        "rank", "slack", "T0TEST", "T0TEST/C0GENERAL", "ok")  # where: str(Channel), workspace/channel
    assert record.latency_ms >= 0


def _broken(context, request) -> Answer:
    return Answer(title="broken", lines=(None,))  # type: ignore[arg-type]  # a renderer-breaking answer


async def test_a_failure_still_acks_with_a_clear_message(fake, caplog) -> None:
    registry = default_registry()
    registry.add(Command("broken", "Always breaks the renderer", "/broken", (), (), _broken))
    slack = await start_http(make_config(fake), make_service(registry))
    try:
        status, body = await slack.post(form("/broken", "", fake))
        rank_status, _ = await slack.post(form("/rank", "", fake))
    finally:
        await stop_http(slack)
    assert status == 200 and body["response_type"] == "ephemeral"
    assert body["text"].startswith("Something went wrong. This answer failed on our side and was logged.")
    assert "Traceback" not in str(body)
    assert "slack command failed command=/broken workspace=T0TEST channel=C0GENERAL" in caplog.text
    assert rank_status == 200


async def test_connected_and_logged_in_follow_start_and_stop(fake, service) -> None:
    slack = await start_http(make_config(fake), service)
    assert slack.platform.connected() and slack.platform.logged_in()
    await stop_http(slack)
    assert not slack.platform.connected() and not slack.platform.logged_in()
