"""Slack requests under the process's real logging (setup_logging, text and JSON), read from stderr."""

from __future__ import annotations

import json
import logging

import pytest
from slack_fakes import FakeSlack, form, make_config, newsbot_logging, start_http, stop_http

from bot.runtime.service import Service


def newsbot_levels() -> dict[str, int]:
    """The level set on every logger in newsbot's namespace (NOTSET unless someone set one)."""
    known = logging.root.manager.loggerDict.items()
    return {name: logger.level for name, logger in known
            if isinstance(logger, logging.Logger) and (name == "newsbot" or name.startswith("newsbot."))}


@pytest.mark.parametrize("fmt", ["text", "json"])
async def test_command_lines_survive_slack_requests(fake: FakeSlack, service: Service, capsys, fmt: str) -> None:
    with newsbot_logging(fmt):
        before = newsbot_levels()
        slack = await start_http(make_config(fake), service)
        try:
            for text in ("gdpval", "intelligence index"):
                status, _ = await slack.post(form("/rank", text, fake))
                assert status == 200
        finally:
            await stop_http(slack)
        assert newsbot_levels() == before  # Bolt set no level in newsbot's namespace
        assert logging.getLogger("newsbot.commands").isEnabledFor(logging.INFO)
    lines = [line for line in capsys.readouterr().err.splitlines() if "command=rank" in line]
    assert len(lines) == 2
    if fmt == "json":
        records = [json.loads(line) for line in lines]
        assert [(r["logger"], r["command"], r["platform"], r["workspace"]) for r in records] == [
            ("newsbot.commands", "rank", "slack", "T0TEST")] * 2
    else:
        assert all(" INFO newsbot.commands: request_id=" in line and "platform=slack" in line for line in lines)
