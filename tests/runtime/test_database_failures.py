"""A database that refuses, is missing, denies access or never answers: clear start-up errors, SIGTERM
still stops the bot, and a silent database starves neither answers nor reloads."""

from __future__ import annotations

import asyncio
import os
import shutil
import signal
import socket
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import aiohttp
import pytest
import sqlalchemy as sa

from bot.core import Request
from bot.errors import StoreError
from bot.runtime.run import Runtime
from bot.runtime.settings import load_settings
from bot.store import Store
from tests.conftest import CONTENT, ROOT

POSTGRES = os.environ.get("NEWSBOT_TEST_POSTGRES_URL")


@pytest.fixture
def silent_port() -> Iterator[int]:
    """A port that accepts TCP connections (the kernel's backlog) and never says a word."""
    listener = socket.socket()
    listener.bind(("127.0.0.1", 0))
    listener.listen(64)
    yield listener.getsockname()[1]
    listener.close()


def newsbot_run(env: dict[str, str]) -> subprocess.Popen[str]:
    return subprocess.Popen(
        [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE, text=True, env={**os.environ, "PORT": "0", "CONSOLE": "off", **env},
    )


def test_sigterm_while_connecting_to_a_silent_database_stops_the_bot(silent_port):
    bot = newsbot_run({"DATABASE_URL": f"postgresql://postgres:hunter2@127.0.0.1:{silent_port}/x"})
    assert "connecting to the postgresql database" in bot.stderr.readline()
    bot.send_signal(signal.SIGTERM)
    code = bot.wait(timeout=30)  # a hang fails here
    log = bot.stderr.read()
    bot.stderr.close()
    assert code == 0
    assert "stopped while starting" in log
    assert "Traceback" not in log and "hunter2" not in log


def test_a_silent_database_fails_start_up_with_one_line(silent_port):
    bot = newsbot_run({"DATABASE_URL": f"postgresql://postgres@127.0.0.1:{silent_port}/x"})
    code = bot.wait(timeout=60)
    log = bot.stderr.read()
    bot.stderr.close()
    assert code == 1
    assert f"DATABASE_URL: no answer within 5 s from 127.0.0.1:{silent_port}; not starting" in log
    assert "Traceback" not in log


def test_an_sqlite_path_under_a_file_is_one_line_naming_the_setting(tmp_path: Path):
    (tmp_path / "afile").write_text("")
    result = subprocess.run(
        [sys.executable, "-m", "bot.cli", "run"], cwd=ROOT, capture_output=True, text=True, timeout=60,
        env={**os.environ, "PORT": "0", "CONSOLE": "off", "DATABASE_URL": f"sqlite:///{tmp_path}/afile/x.db"},
    )
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert lines == [
        f"newsbot: invalid setting: DATABASE_URL: cannot create the directory '{tmp_path}/afile' for the SQLite file "
        "(File exists)"
    ]


@pytest.mark.skipif(not POSTGRES, reason="set NEWSBOT_TEST_POSTGRES_URL (e.g. postgresql://postgres@127.0.0.1:5432/test)")
@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"database": "newsbot_no_such_database"}, "database missing: 'newsbot_no_such_database' does not exist at"),
        ({"username": "newsbot_no_such_role"}, "authentication failed for user 'newsbot_no_such_role' at"),
    ],
)
async def test_postgres_failures_say_which(change, reason):
    url = sa.engine.make_url(POSTGRES.replace("postgresql://", "postgresql+psycopg://", 1)).set(**change)
    store = Store(url.render_as_string(hide_password=False))
    try:
        with pytest.raises(StoreError, match=reason):
            await store.run(store.migrate)
    finally:
        store.close()


async def test_a_silent_database_starves_neither_answers_nor_reloads(tmp_path: Path, silent_port):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    settings = load_settings(
        {"PORT": "0", "RELOAD": "false", "CONTENT_DIR": str(content), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite"}
    )
    runtime = Runtime(settings)
    await runtime.start()
    runtime.store = Store(f"postgresql://postgres@127.0.0.1:{silent_port}/x")
    try:
        async with aiohttp.ClientSession() as http:

            async def readyz() -> tuple[int, dict]:
                async with http.get(f"http://127.0.0.1:{runtime.port}/readyz") as response:
                    return response.status, await response.json()

            probes = await asyncio.gather(*(readyz() for _ in range(20)))
        assert {status for status, _ in probes} == {503}
        assert "database unreachable: the database did not answer within 2 s" in probes[0][1]["reasons"]
        answer = await asyncio.wait_for(runtime.service.answer(Request("rank", "hle")), 10)
        assert answer.ok
        (content / "faq.yaml").write_text((content / "faq.yaml").read_text().replace("muse spark api", "the api"))
        assert await asyncio.wait_for(runtime.reloader.reload(), 10)
    finally:
        await runtime.stop()
