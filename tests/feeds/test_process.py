"""The real `newsbot run` follows the content's feeds: the feed counters and the feeds by state show on
/metrics, and /readyz stays ready while a feed's server answers 500 (a feed is not a dependency)."""

from __future__ import annotations

import json
import shutil
import time
from pathlib import Path

from tests.conftest import CONTENT
from tests.runtime.processes import Bot


def test_run_polls_feeds_and_stays_ready_when_one_is_down(tmp_path: Path, feed_server: str):
    content = tmp_path / "content"
    shutil.copytree(CONTENT, content)
    (content / "feeds.yaml").write_text(
        "feeds:\n"
        f"  - {{id: up, url: '{feed_server}/up', name: Up, tags: [meta]}}\n"
        f"  - {{id: down, url: '{feed_server}/down', name: Down}}\n"
    )
    bot = Bot({
        "CONTENT_DIR": str(content), "DATABASE_URL": f"sqlite:///{tmp_path}/db.sqlite", "FEED_INTERVAL": "300",
        "RELOAD": "false", "FEED_ALLOW_PRIVATE": "127.0.0.1",
    })
    try:
        wanted = ('newsbot_feed_polls_total{feed="up",result="new"} 1.0',
                  'newsbot_feed_polls_total{feed="down",result="failed"} 1.0',
                  'newsbot_feed_items_total{feed="up"} 4.0', 'newsbot_feeds{state="ok"} 1.0',
                  'newsbot_feeds{state="failing"} 1.0', 'newsbot_feeds{state="new"} 0.0')
        deadline = time.monotonic() + 20
        while not all(line in (metrics := bot.get("/metrics")) for line in wanted) and time.monotonic() < deadline:
            time.sleep(0.2)
        assert all(line in metrics for line in wanted), metrics
        assert json.loads(bot.get("/readyz"))["status"] == "ready"
    finally:
        code, seconds = bot.stop()
    assert code == 0 and seconds < 10
    assert any("feed up: first poll, 4 item(s)" in line for line in bot.log)
    assert any("WARNING" in line and "feed down: poll failed (1 of 10): HTTP 500 Internal Server Error" in line
               for line in bot.log)
    assert not any("Traceback" in line for line in bot.log)
