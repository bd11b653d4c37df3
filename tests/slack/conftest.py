"""Fixtures for the Slack adapter tests: a loopback fake Slack, the real service, an HTTP-mode platform."""

from __future__ import annotations

from collections.abc import AsyncIterator, Iterator

import pytest
from slack_fakes import SECRETS, FakeSlack, HttpSlack, make_config, make_service, start_http, stop_http

from bot.runtime.service import Service


@pytest.fixture
async def fake() -> AsyncIterator[FakeSlack]:
    slack = FakeSlack()
    await slack.server.start_server()
    yield slack
    await slack.server.close()


@pytest.fixture
def service() -> Service:
    return make_service()


@pytest.fixture
async def http_slack(fake: FakeSlack, service: Service) -> AsyncIterator[HttpSlack]:
    slack = await start_http(make_config(fake), service)
    yield slack
    await stop_http(slack)


@pytest.fixture
def no_secrets_in_logs(caplog: pytest.LogCaptureFixture) -> Iterator[pytest.LogCaptureFixture]:
    """Capture every log record at DEBUG and fail if any secret appears in one."""
    caplog.set_level("DEBUG")
    yield caplog
    logged = "\n".join(f"{r.getMessage()} {r.__dict__}" for r in caplog.get_records("setup") + caplog.get_records("call"))
    assert logged, "nothing was logged: the check would be vacuous"
    for secret in SECRETS:
        assert secret not in logged
