"""/news on Slack: signed slash commands through Bolt's real HTTP adapter to a Service whose core has a news
desk; linked items within Block Kit's limits, with hostile titles and links made harmless."""

from __future__ import annotations

import re
from collections.abc import AsyncIterator
from typing import Any

import pytest
from slack_fakes import (
    CONTENT, FakeSlack, HttpSlack, assert_within_limits, form, make_config, start_http, stop_http, texts,
)

from bench.bench_news import TAKEN, SnapshotDesk, synthetic_items, with_feeds
from bot.content.loader import load_catalog
from bot.core import Core
from bot.core.answer import Answer, Item
from bot.core.news import NewsItem, snapshot
from bot.render.slack import render_slack
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service

LINK = re.compile(r"<(https?://[^|<>\s]+)\|([^<>|]*)>")
HOSTILE = NewsItem("lab-blog", "<!channel> <@U123> [click](https://evil) <https://evil|click> & *bold*",
                   "javascript:alert(1)", TAKEN, ("meta",), "a trap", TAKEN)
ODD_LINK = NewsItem("lab-blog", "Odd link", "https://ok.example/a b|c>d", TAKEN, (), "", TAKEN)


def links(message: dict[str, Any]) -> list[tuple[str, str]]:
    """The (address, text) of every link in the message, after checking the rest stays within limits."""
    found = LINK.findall(texts(message["blocks"]))
    stripped = [{**b, "text": {**b["text"], "text": LINK.sub("link", b["text"]["text"])}} if "text" in b else b
                for b in message["blocks"]]
    assert_within_limits({**message, "blocks": stripped})
    return found


@pytest.fixture
async def news_slack(fake: FakeSlack) -> AsyncIterator[HttpSlack]:
    catalog = with_feeds(load_catalog(CONTENT, headline="intelligence-index"))
    shot = snapshot([*synthetic_items(catalog, 300), HOSTILE, ODD_LINK], [], TAKEN)
    slack = await start_http(make_config(fake), Service(Core(catalog, news=SnapshotDesk(shot)), Metrics()))
    yield slack
    await stop_http(slack)


async def test_news_lists_linked_items_in_the_channel(news_slack, fake) -> None:
    status, message = await news_slack.post(form("/news", "", fake))
    assert status == 200 and message["response_type"] == "in_channel"
    assert message["blocks"][0]["text"]["text"] == "Latest news"
    found = links(message)
    assert len(found) == 9  # ten items; the hostile one has no safe link
    assert ("https://ok.example/a%20b%7Cc%3Ed", "Odd link") in found
    shown = texts(message["blocks"])
    hostile = "&lt;!channel&gt; &lt;@U123&gt; [click](https://evil) &lt;https://evil|click&gt; &amp; *bold*"
    assert f"{hostile} — Lab Blog" in shown
    assert "javascript" not in str(message)
    assert "Page 1 of 31 · add “page 2” for more" in shown


async def test_news_about_a_model_page_two(news_slack, fake) -> None:
    status, message = await news_slack.post(form("/news", "muse spark page 2", fake))
    assert status == 200 and message["blocks"][0]["text"]["text"] == "News about Muse Spark"
    found = links(message)
    assert 1 <= len(found) <= 10 and all(text.startswith("Muse Spark: ") for _, text in found)
    assert "Page 2 of 2" in texts(message["blocks"])


async def test_no_match_answers_only_the_asker_with_suggestions(news_slack, fake) -> None:
    status, message = await news_slack.post(form("/news", "muse sprak", fake))
    assert status == 200 and message["response_type"] == "ephemeral"
    assert_within_limits(message)
    assert "Did you mean: Muse Spark?" in texts(message["blocks"])


def test_a_hundred_long_items_stay_within_slacks_limits() -> None:
    items = tuple(Item(f"<b>Title {n} " + "&" * 400, f"https://ex.example/{n}?a=1&b=" + "y" * 900, "Feed · Apr 8, 2026",
                       group=f"News about Model {n // 10}") for n in range(100))
    message = render_slack(Answer(title="News", items=items, more_items=7))
    rendered = {"blocks": list(message.blocks), "text": message.text}
    found = links(rendered)
    assert found and all(address.count("&amp;") == 1 for address, _ in found)  # '&' escaped inside links too
    shown = texts(rendered["blocks"])
    assert re.search(r"Showing \d+ of 100 items", shown)
    assert "*News about Model 0*" in shown


def test_links_too_long_or_not_web_are_left_out() -> None:
    items = (Item("Long", "https://ex.example/" + "z" * 1200), Item("Data", "data:text/html,hi"), Item("", "ftp://x"))
    shown = texts(list(render_slack(Answer(title="News", items=items)).blocks))
    assert "<" not in shown and "Long\nData\n(untitled)" in shown
