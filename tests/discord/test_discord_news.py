"""/news on Discord through discord.py's real gateway, CommandTree and components: autocomplete over models
and organizations, masked links, page buttons; and the embed renderer's items within every limit."""

from __future__ import annotations

import re
from typing import Any

import pytest
from conftest import CONTENT, StartBot, interact
from fakediscord import FakeDiscord, autocomplete, button, slash
from test_discord_render import check_limits

from bench.bench_news import TAKEN, SnapshotDesk, synthetic_items, with_feeds
from bot.content.loader import load_catalog
from bot.core import Core
from bot.core.answer import Answer, Item
from bot.core.commands.news import COUNTED, PAGE_SIZE
from bot.core.news import NewsItem, snapshot
from bot.render.discord import render
from bot.runtime.metrics import Metrics
from bot.runtime.service import Service

MASKED = re.compile(r"\[((?:\\.|[^\\\[\]])*)\]\((https?://[^()\s<>|]+)\)")
"""A masked link whose text has no unescaped bracket, to an encoded http(s) address."""
HOSTILE = NewsItem("lab-blog", "@everyone <@123> a](https://evil) [b ||spoiler|| **x**", "https://ok.example/(x)",
                   TAKEN, ("meta",), "", TAKEN)


@pytest.fixture
async def news_bot(start_bot: StartBot) -> None:
    catalog = with_feeds(load_catalog(CONTENT))
    shot = snapshot([*synthetic_items(catalog, 900), HOSTILE], [], TAKEN)
    await start_bot(with_service=Service(Core(catalog, news=SnapshotDesk(shot)), Metrics()))


def buttons(data: dict[str, Any]) -> list[dict[str, Any]]:
    return [c for row in data.get("components", []) for c in row["components"]]


async def test_about_autocompletes_models_and_organizations(fake: FakeDiscord, news_bot) -> None:
    body = await interact(fake, autocomplete("news", "about", "met"))
    choices = {c["name"]: c["value"] for c in body["data"]["choices"]}
    assert choices["Meta"] == "meta" and choices["Muse Spark"] == "muse-spark"
    body = await interact(fake, autocomplete("news", "about", "anthrop"))
    assert body["data"]["choices"][0] == {"name": "Anthropic", "value": "anthropic"}


async def test_news_about_meta_links_items_and_turns_pages(fake: FakeDiscord, news_bot) -> None:
    payload = slash("news", about="meta")  # the value autocomplete hands over: the id
    body = await interact(fake, payload)
    data = body["data"]
    assert data["allowed_mentions"] == {"parse": []} and not data.get("flags")
    embed = data["embeds"][0]
    assert embed["title"] == "News about Meta"
    first = embed["description"]
    found = MASKED.findall(first)
    assert len(found) == 10 and found[0] == (
        r"\@everyone \<\@123\> a\]\(https\://evil\) \[b \|\|spoiler\|\| \*\*x\*\*", "https://ok.example/%28x%29")
    assert "Muse Spark" in found[1][0] and "Lab Blog · Apr 13, 2026" in first
    assert embed["footer"]["text"].endswith(f"Page 1 of {COUNTED // PAGE_SIZE}+")
    previous, following = buttons(data)
    assert previous.get("disabled") and not following.get("disabled")
    message = fake.messages[fake.originals[payload["token"]]]
    turned = await interact(fake, button(message, following["custom_id"]))
    assert turned["type"] == 7
    second = turned["data"]["embeds"][0]
    assert second["footer"]["text"].endswith(f"Page 2 of {COUNTED // PAGE_SIZE + 1}+")  # counted further
    assert len(MASKED.findall(second["description"])) == 10 and second["description"] != first


def test_a_hundred_long_items_stay_within_every_limit() -> None:
    items = tuple(Item(f"[t{n}](https://evil) " + "*" * 400, f"https://ex.example/{n}/" + "q" * 900,
                       "Feed · Apr 8, 2026", group=f"News about Model {n // 10}") for n in range(100))
    embeds = render(Answer(title="News", items=items, more_items=3, page=1, pages=12, more_pages=True))
    check_limits(embeds)
    descriptions = "\n".join(e.description or "" for e in embeds)
    assert len(MASKED.findall(descriptions)) == descriptions.count("](https://ex.example/") > 0
    assert "**News about Model 0**" in descriptions
    assert "Showing" in embeds[-1].footer.text and "Page 1 of 12+" in embeds[-1].footer.text


def test_unsafe_or_long_links_are_left_out() -> None:
    items = (Item("js", "javascript:alert(1)"), Item("long", "https://ex.example/" + "z" * 1200),
             Item("scheme-less", "ex.example/x"))
    description = render(Answer(title="News", items=items))[0].description
    assert description == "js\nlong\nscheme\\-less" and "](" not in description
