"""`newsbot run` as a process: signals (SIGHUP reload, SIGTERM clean stop) and secrets from files."""

from __future__ import annotations

import json
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.conftest import CONTENT, ROOT
from tests.runtime.processes import Bot


def test_sighup_reloads_and_sigterm_stops_cleanly(tmp_path: Path):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    bot = Bot({"CONTENT_DIR": str(content), "RELOAD": "false", "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"})
    try:
        before = re.search(r'newsbot_content_info\{version="(\w+)"\}', bot.get("/metrics")).group(1)
        faq = content / "faq.yaml"
        faq.write_text(faq.read_text().replace('"muse spark api"', '"muse spark api access"'))
        bot.process.send_signal(signal.SIGHUP)
        bot.wait_log(r"content reloaded: version (\w+)")
        after = re.search(r'newsbot_content_info\{version="(\w+)"\}', bot.get("/metrics")).group(1)
        assert after != before
        assert json.loads(bot.get("/readyz"))["status"] == "ready"
    finally:
        code, seconds = bot.stop()
    assert code == 0
    assert seconds < 10
    assert any("stopped" in line for line in bot.log)
    assert not any("Traceback" in line for line in bot.log)


def test_secret_from_file_is_used_and_never_logged(tmp_path: Path):
    secret = "sqlite:///" + str(tmp_path / "from-secret-file.db")
    secret_file = tmp_path / "database_url"
    secret_file.write_text(secret + "\n")
    bot = Bot({"DATABASE_URL_FILE": str(secret_file), "LOG_LEVEL": "DEBUG", "LOG_FORMAT": "json"})
    try:
        assert json.loads(bot.get("/readyz"))["status"] == "ready"
        assert (tmp_path / "from-secret-file.db").exists()
        assert secret not in bot.get("/metrics")
    finally:
        code, _ = bot.stop()
    assert code == 0
    assert all(json.loads(line)["level"] for line in bot.log if line.strip())
    assert not any(secret in line for line in bot.log)


@pytest.mark.parametrize(
    ("env", "message"),
    [
        ({"LOG_LEVEL": "LOUD"}, "LOG_LEVEL: Input should be 'DEBUG', 'INFO', 'WARNING' or 'ERROR'"),
        ({"TZ": "Mars/Olympus"}, "TZ: unknown time zone 'Mars/Olympus'"),
        ({"SLACK_BOT_TOKEN_FILE": "/nonexistent/token"}, "SLACK_BOT_TOKEN_FILE: cannot read /nonexistent/token"),
        ({"SHUTDOWN_TIMEOUT": "-1"}, "SHUTDOWN_TIMEOUT: Input should be greater than 0"),
    ],
)
def test_invalid_settings_stop_start_up_with_one_line(env, message):
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, **env}, timeout=60)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and message in lines[0]


def test_unreachable_database_is_one_clear_line():
    result = subprocess.run([sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, capture_output=True, text=True,
                            env={**os.environ, "PORT": "0", "DATABASE_URL": "postgresql://u:hunter2@127.0.0.1:1/x"},
                            timeout=60)
    assert result.returncode == 1
    assert "connecting to the postgresql database 'x' at 127.0.0.1:1 as 'u'" in result.stderr
    assert "DATABASE_URL: connection refused: is the server running at 127.0.0.1:1?; not starting" in result.stderr
    assert "hunter2" not in result.stderr and "Traceback" not in result.stderr


def test_a_terminal_hang_up_ends_the_console_session(tmp_path: Path):
    from tests.console.terminal import console_on_a_terminal

    with console_on_a_terminal({"DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"}) as (process, _):
        process.send_signal(signal.SIGHUP)
        assert process.wait(timeout=15) == 0


def test_a_stalled_client_does_not_hold_shutdown(tmp_path: Path):
    import socket

    bot = Bot({
        "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite", "SHUTDOWN_TIMEOUT": "2", "SLACK_BOT_TOKEN": "xoxb-test",
        "SLACK_SIGNING_SECRET": "not-a-real-secret", "SLACK_API_URL": "http://127.0.0.1:9/api",
    })
    with socket.create_connection(("127.0.0.1", bot.port)) as client:
        client.sendall(b"POST /slack/events HTTP/1.1\r\nHost: x\r\nContent-Length: 100\r\n\r\nab")
        time.sleep(0.2)
        code, _ = bot.stop()  # waits at most 20 s; aiohttp's default would hold it for 60
    assert code == 0
    assert not any("Traceback" in line for line in bot.log)
