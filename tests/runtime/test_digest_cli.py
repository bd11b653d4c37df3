"""`newsbot digest list|preview`: read DATABASE_URL and the content, need no platform credentials."""

from __future__ import annotations

import datetime as dt

from bot.cli import main
from bot.runtime.digests.overview import subscription_table
from bot.store import Store
from bot.store.digests import DigestStore


def test_list_shows_every_subscription_with_next_run_state_and_reason(tmp_path, monkeypatch, capsys) -> None:
    url = f"sqlite:///{tmp_path}/bot.db"
    store = Store(url)
    store.migrate()
    digests = DigestStore(store)
    digests.upsert("slack", "T1", "C1", "", "daily 09:00", "0 9 * * *", "Europe/Berlin", "U1")
    gone = digests.upsert("discord", "G1", "42", "", "weekly mon 08:30", "30 8 * * 1", "UTC", "U2")
    for _ in range(3):
        digests.failed(gone.id, "Discord refused the post to channel 42: HTTP 404, code 10003", 3)
    store.close()
    for name in ("SLACK_BOT_TOKEN", "DISCORD_TOKEN", "SLACK_APP_TOKEN", "SLACK_SIGNING_SECRET"):
        monkeypatch.delenv(name, raising=False)
    monkeypatch.setenv("DATABASE_URL", url)
    assert main(["digest", "list"]) == 0
    out = capsys.readouterr().out.splitlines()
    assert out[0].split() == ["platform", "channel", "schedule", "zone", "next", "run", "last", "delivery", "state", "reason"]
    assert set(out[1]) == {"-", " "}  # the rule under the headings, as every text table has
    assert "T1/C1" in out[2] and "daily 09:00" in out[2] and "Europe/Berlin" in out[2] and "active" in out[2]
    assert " 09:00 " in out[2]  # the next run, in the subscription's own zone
    assert "G1/42" in out[3] and "paused" in out[3] and "code 10003" in out[3]


def test_list_with_an_unreachable_database_is_one_line_without_the_password(monkeypatch, capsys) -> None:
    monkeypatch.setenv("DATABASE_URL", "postgresql://newsbot:hunter2@127.0.0.1:1/newsbot")
    assert main(["digest", "list"]) == 2
    err = capsys.readouterr().err
    assert err.strip() == "newsbot: invalid setting: DATABASE_URL: connection refused: is the server running at 127.0.0.1:1?"


def test_preview_prints_a_first_digest(monkeypatch, capsys) -> None:
    monkeypatch.setenv("DIGEST_TOP_N", "3")
    assert main(["digest", "preview"]) == 0
    out = capsys.readouterr().out
    assert "1  GPT-5.4" in out and "3  Claude Opus 4.6" in out and "4  Muse Spark" not in out


def test_an_empty_list_says_how_to_subscribe() -> None:
    assert "/digest subscribe" in subscription_table([], dt.datetime.now(dt.UTC))
