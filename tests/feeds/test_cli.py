"""Operators' commands as a user runs them: `newsbot feeds list|poll|retry`, and `newsbot ask "/news"`
reading what was stored, against the loopback feed server."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from bot.store import Store
from tests.conftest import CONTENT, ROOT


def newsbot(tmp_path: Path, *args: str, allow: str = "127.0.0.1") -> subprocess.CompletedProcess[str]:
    """`newsbot ARGS` over tmp_path's content and database; feeds may reach `allow` (FEED_ALLOW_PRIVATE)."""
    env = {**os.environ, "CONTENT_DIR": str(tmp_path / "content"), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite",
           "FEED_ALLOW_PRIVATE": allow}
    return subprocess.run([sys.executable, "-m", "bot.cli", *args], capture_output=True, text=True, cwd=ROOT,
                          env=env, timeout=60)


def follow(tmp_path: Path, server: str) -> None:
    """Content following `server`'s feeds, and a database `newsbot run` created (operators' commands never
    create or migrate one: tests/runtime/test_operator_schema.py)."""
    shutil.copytree(CONTENT, tmp_path / "content")
    store = Store(f"sqlite:///{tmp_path}/db.sqlite")
    store.migrate()
    store.close()
    (tmp_path / "content" / "feeds.yaml").write_text(
        "feeds:\n"
        f"  - {{id: up, url: '{server}/up', name: Model race news}}\n"
        f"  - {{id: down, url: '{server}/down', name: Down}}\n"
    )


def test_poll_list_and_news(tmp_path: Path, feed_server: str) -> None:
    follow(tmp_path, feed_server)
    before = newsbot(tmp_path, "feeds", "list")
    assert before.returncode == 0 and "up    new" in before.stdout and "never" in before.stdout

    polled = newsbot(tmp_path, "feeds", "poll")
    assert polled.returncode == 1, polled.stderr  # one feed failed
    assert "up: 4 new (ok)" in polled.stdout and "Meta ships Muse Spark to everyone" in polled.stdout
    assert "down: failed (failing): HTTP 500 Internal Server Error" in polled.stdout

    listed = newsbot(tmp_path, "feeds", "list").stdout
    assert "up    ok" in listed and "down  failing" in listed and "HTTP 500" in listed

    again = newsbot(tmp_path, "feeds", "poll", "up")
    assert again.returncode == 0 and again.stdout.strip() == "up: unchanged (ok)"

    news = newsbot(tmp_path, "ask", "/news muse spark")
    assert news.returncode == 0, news.stderr
    assert "Meta ships Muse Spark to everyone" in news.stdout and "Model race news" in news.stdout
    assert "GPT-5.4 tops a leaderboard" not in news.stdout


def test_bad_operator_input(tmp_path: Path, feed_server: str) -> None:
    follow(tmp_path, feed_server)
    unknown = newsbot(tmp_path, "feeds", "poll", "nope")
    assert unknown.returncode == 2 and "no feed 'nope' in the content" in unknown.stderr
    assert newsbot(tmp_path, "feeds", "retry").returncode == 2
    assert newsbot(tmp_path, "feeds", "retry", "up").stdout.strip() == "up: was not disabled"
    broken = subprocess.run([sys.executable, "-m", "bot.cli", "feeds", "list"], capture_output=True, text=True,
                            cwd=ROOT, timeout=60, env={**os.environ, "CONTENT_DIR": str(tmp_path / "content"),
                                                       "DATABASE_URL": "postgresql://nobody@127.0.0.1:1/x"})
    assert broken.returncode == 2 and "DATABASE_URL: connection refused" in broken.stderr
    assert "Traceback" not in broken.stderr


def test_internal_addresses_are_refused_unless_allowed(tmp_path: Path, feed_server: str) -> None:
    """The loopback server is refused with FEED_ALLOW_PRIVATE unset; the reason is the feed's in `feeds
    list`; a bad allowance is a one-line start-up error."""
    follow(tmp_path, feed_server)
    refused = newsbot(tmp_path, "feeds", "poll", "up", allow="")
    reason = "refused: 127.0.0.1 is an internal address (allow it with FEED_ALLOW_PRIVATE)"
    assert refused.returncode == 1 and refused.stdout.strip() == f"up: failed (failing): {reason}", refused
    listed = newsbot(tmp_path, "feeds", "list", allow="").stdout
    assert reason in listed and "up    failing" in listed

    bad = newsbot(tmp_path, "feeds", "poll", "up", allow="127.0.0.1,intranet")
    assert bad.returncode == 2 and bad.stdout == ""
    assert bad.stderr.strip().splitlines() == [(
        "newsbot: invalid setting: FEED_ALLOW_PRIVATE: 'intranet' is not an IP address or CIDR network "
        "(e.g. 10.0.0.0/8,127.0.0.1)"
    )]
    assert "up: 4 new (ok)" in newsbot(tmp_path, "feeds", "poll", "up").stdout
