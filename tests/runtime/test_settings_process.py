"""Settings and logs as `newsbot run` shows them: NAME with NAME_FILE, typo warnings, NEWSBOT_ names,
UTC log times, and redaction that keeps the README's own credentials readable."""

from __future__ import annotations

import datetime as dt
import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import ROOT
from tests.runtime.processes import Bot

UTC_TIME = re.compile(r"^(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z) ")


def newsbot_run(env: dict[str, str]) -> subprocess.CompletedProcess[str]:
    return subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, capture_output=True, text=True,
                          env={**os.environ, "PORT": "0", "CONSOLE": "off", **env}, timeout=60)


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


def test_a_secret_given_both_ways_is_a_one_line_error(tmp_path: Path):
    secret = tmp_path / "database_url"
    secret.write_text(f"sqlite:///{tmp_path}/from-file.db\n")
    result = newsbot_run({"DATABASE_URL": f"sqlite:///{tmp_path}/from-env.db", "DATABASE_URL_FILE": str(secret)})
    assert result.returncode == 2
    assert result.stderr.splitlines() == [
        "newsbot: invalid setting: DATABASE_URL_FILE: DATABASE_URL is set too; set only one of them"
    ]
    assert not (tmp_path / "from-env.db").exists() and not (tmp_path / "from-file.db").exists()


@pytest.mark.parametrize("log_format", ["json", "text"])
def test_log_times_are_utc_with_milliseconds_whatever_tz_says(tmp_path: Path, log_format: str):
    before = utc_now() - dt.timedelta(milliseconds=1)  # log times are cut to the millisecond
    bot = Bot({"TZ": "Asia/Tokyo", "LOG_FORMAT": log_format, "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"})
    code, _ = bot.stop()
    after = utc_now()
    assert code == 0
    lines = [line for line in bot.log if line.strip()]
    if log_format == "json":
        times = [json.loads(line)["time"] for line in lines]
    else:
        times = [UTC_TIME.match(line).group(1) for line in lines]
    assert times and all(re.fullmatch(r"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z", time) for time in times)
    for time in times:  # UTC, not Tokyo's time nine hours ahead
        assert before <= dt.datetime.fromisoformat(time) <= after


def test_a_mistyped_setting_is_warned_about(tmp_path: Path):
    bot = Bot({"DIGEST_TOPN": "3", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
               "PGHOST": "db", "HOSTNAME": "box", "PYTHONPATH": str(ROOT)})
    code, _ = bot.stop()
    assert code == 0
    warnings = [line for line in bot.log if " WARNING " in line and "is not a setting" in line]
    assert len(warnings) == 1  # not PGHOST, HOSTNAME or PYTHONPATH
    assert warnings[0].rstrip().endswith("newsbot: DIGEST_TOPN is not a setting; did you mean DIGEST_TOP_N?")


def test_newsbot_names_win_over_generic_ones_and_a_kubernetes_service_link_is_passed_over(tmp_path: Path):
    database = f"sqlite:///{tmp_path}/db.sqlite"
    bot = Bot({"PORT": "1", "NEWSBOT_PORT": "0", "DATABASE_URL": database})  # port 1 would be refused
    assert json.loads(bot.get("/readyz"))["status"] == "ready"
    assert bot.stop()[0] == 0
    # a Service named newsbot makes Kubernetes set NEWSBOT_PORT=tcp://...: not a setting
    bot = Bot({"PORT": "0", "NEWSBOT_PORT": "tcp://10.96.0.7:3000", "DATABASE_URL": database})
    assert json.loads(bot.get("/readyz"))["status"] == "ready"
    assert bot.stop()[0] == 0
    refused = newsbot_run({"NEWSBOT_PORT": "eighty", "DATABASE_URL": database})
    assert refused.returncode == 2
    assert refused.stderr.startswith("newsbot: invalid setting: NEWSBOT_PORT: Input should be a valid integer")


def test_the_readmes_database_credentials_leave_the_log_readable():
    result = newsbot_run({"DATABASE_URL": "postgresql://newsbot:newsbot@127.0.0.1:1/newsbot"})
    assert result.returncode == 1
    assert "connecting to the postgresql database 'newsbot' at 127.0.0.1:1 as 'newsbot'" in result.stderr
    assert "[redacted]" not in result.stderr
