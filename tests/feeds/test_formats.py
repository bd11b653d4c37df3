"""RSS 2.0, Atom and RSS 1.0 fixtures served over loopback become plain-text, UTC-dated, tagged items;
encodings decode right; broken XML feedparser can read is kept; pages that are no feed are failures."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest

from bot.runtime.feeds.parse import SUMMARY_MAX, TITLE_MAX, link, plain
from bot.store.identity import KEY_LENGTH, dedupe_key
from tests.feeds.conftest import NOW, Rig, fixture


async def poll_one(rig: Rig, body: bytes, content_type: str = "application/rss+xml", tags: tuple[str, ...] = ()):
    rig.server.serve("/feed", body, content_type)
    result, poller = await rig.poll_once("/feed", tags)
    return result, {item.title: item for item in poller.newsroom.latest().items}


async def test_rss2_items_are_plain_text_with_utc_dates_and_tags(rig: Rig):
    result, items = await poll_one(rig, fixture("rss2.xml"), tags=("anthropic",))
    assert (result.result, result.new, result.state) == ("new", 4, "ok")
    spark = items["Meta ships Muse Spark to everyone"]
    assert spark.link == "https://news.example/muse-spark"
    assert spark.summary == "The new model & its card."
    assert spark.published == dt.datetime(2026, 3, 3, 9, 0, tzinfo=dt.UTC)
    assert spark.tags == ("anthropic", "muse-spark", "meta")
    assert items["A meta-analysis of llamas in the metaverse"].tags == ("anthropic",)  # the feed's own tag only
    assert items["GPT-5.4 tops a leaderboard"].tags == ("anthropic", "gpt-5.4")
    # 'facebook' and 'muse' are lower-case one-word aliases: lookups people type, ordinary words, never tags
    assert items["Why facebook bet on muse"].tags == ("anthropic",)


async def test_atom_resolves_relative_links_and_dates_undated_entries_when_seen(rig: Rig):
    result, items = await poll_one(rig, fixture("atom.xml"), "application/atom+xml")
    assert result.new == 2
    opus = items["Claude Opus 4.6 explained"]
    assert opus.link == rig.server.url("/posts/opus")
    assert opus.published == dt.datetime(2026, 3, 4, 10, 0, tzinfo=dt.UTC)
    assert opus.tags == ("claude-opus-4.6", "anthropic")  # the title, then the summary
    assert items["Without a date"].published == NOW


async def test_rss1_rdf(rig: Rig):
    result, items = await poll_one(rig, fixture("rss1.xml"), "application/rdf+xml")
    assert result.new == 2
    assert items["Gemini 3.1 Pro arrives"].published == dt.datetime(2026, 2, 20, 10, 0, tzinfo=dt.UTC)
    assert items["Grok 4.2 notes"].tags == ("grok-4.2",)


@pytest.mark.parametrize(
    ("name", "content_type", "title"),
    [
        ("latin1.xml", "application/rss+xml", "Café résumé: über Muse Spark"),  # declared in the XML
        ("cp1252.xml", "application/rss+xml; charset=windows-1252", "“Quoted” – costs 5 €"),  # in the header
    ],
)
async def test_non_utf8_encodings_decode(rig: Rig, name: str, content_type: str, title: str):
    result, items = await poll_one(rig, fixture(name), content_type)
    assert result.new == 1
    assert list(items) == [title]


async def test_broken_xml_that_feedparser_reads_is_accepted(rig: Rig):
    result, items = await poll_one(rig, fixture("broken.xml"))
    assert result.result == "new"
    assert set(items) == {"Readable despite the & sign", "Second item, never closed"}


@pytest.mark.parametrize(
    ("body", "content_type"),
    [(fixture("page.html"), "text/html"), (b"\x00\x01 garbage {not: xml}", "application/octet-stream"), (b"", "")],
)
async def test_what_is_not_a_feed_fails_with_that_reason(rig: Rig, body: bytes, content_type: str):
    result, items = await poll_one(rig, body, content_type)
    assert (result.result, result.state, result.reason) == ("failed", "failing", "not a feed")
    assert items == {}


async def test_a_body_naming_a_local_file_is_not_read_from_disk(rig: Rig, tmp_path: Path):
    local = tmp_path / "local.xml"
    local.write_bytes(fixture("rss2.xml"))
    result, items = await poll_one(rig, str(local).encode(), "text/plain")
    assert (result.result, result.reason, items) == ("failed", "not a feed", {})


async def test_hostile_titles_are_stored_as_capped_plain_text(rig: Rig):
    titles = ["<!channel> hello", "@everyone look", "<script>alert(1)</script>Safe", "x" * 100_000]
    entries = "".join(
        f"<item><title>{t.replace('&', '&amp;').replace('<', '&lt;')}</title><guid>h{i}</guid>"
        f"<description>{'<![CDATA[' + '<p>' + 'y' * 5000 + '</p>]]>'}</description><link>javascript:alert(1)</link></item>"
        for i, t in enumerate(titles)
    )
    body = f"<rss version='2.0'><channel><title>T</title>{entries}</channel></rss>".encode()
    _, items = await poll_one(rig, body)
    stored = sorted(items)
    assert stored == sorted(["hello", "@everyone look", "Safe", "x" * (TITLE_MAX - 1) + "…"])
    for item in items.values():
        assert "<" not in item.title and "script" not in item.title
        assert len(item.summary) == SUMMARY_MAX and item.link == ""


def test_plain_text_rules():
    assert plain("A\u202e\x00b\x07 <br>c\n\td &lt;tag&gt; &amp;amp;", 100) == "Ab c d <tag> &amp;"
    assert plain("<style>p{}</style><p>one</p><p>two</p>", 100) == "one two"
    assert plain(None, 10) == ""
    assert plain("abcdefghijkl", 5) == "abcd…"
    assert link("https://ok.example/a") == "https://ok.example/a"
    assert link("ftp://x/") == link("javascript:alert(1)") == link("https://x/" + "a" * 2000) == ""


def test_dedupe_keys():
    assert dedupe_key("guid-1", "https://x/1", "T", "d") == "guid-1"
    by_link = dedupe_key("  ", "https://x/1", "T", "d")  # no guid: the link and title, never the link alone
    assert by_link.startswith("sha256:") and by_link not in (dedupe_key(None, "https://x/1", "U", "d"), "https://x/1")
    fallback = dedupe_key(None, None, "T", "Mon, 02 Mar 2026")
    assert fallback.startswith("sha256:") and fallback != dedupe_key(None, None, "T", "Tue, 03 Mar 2026")
    long = dedupe_key("g" * 1000, None, "T", None)
    assert long.startswith("sha256:") and len(long) <= KEY_LENGTH
