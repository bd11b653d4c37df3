"""Feeds are content: `newsbot validate` checks their addresses, ids and tags; the catalog holds them."""

import shutil

from bot.content.loader import load_catalog, validate_dir
from bot.core.news import Tagger
from tests.conftest import CONTENT


def with_feeds(tmp_path, text):
    shutil.copytree(CONTENT, tmp_path / "content")
    (tmp_path / "content" / "feeds.yaml").write_text(text)
    return tmp_path / "content"


def test_shipped_content_follows_no_feed(catalog):
    assert catalog.feeds == {}


def test_valid_feeds_reach_the_catalog(tmp_path):
    directory = with_feeds(tmp_path, "feeds:\n  - {id: lab, url: 'https://lab.example/feed.xml', name: Lab, tags: [meta]}\n")
    feed = load_catalog(directory).feeds["lab"]
    assert (feed.url, feed.name, feed.tags) == ("https://lab.example/feed.xml", "Lab", ["meta"])


def test_bad_feeds_are_each_reported(tmp_path):
    directory = with_feeds(tmp_path, """feeds:
  - {id: one, url: 'ftp://example.com/feed', name: One, tags: [meta, nobody]}
  - {id: two, url: 'http://127.0.0.1:9/feed.xml', name: Two}
  - {id: two, url: 'http://127.0.0.1:9/other.xml', name: Three}
  - {id: four, url: 'https:///nohost', name: Four}
  - {id: five, url: 'http://127.0.0.1:9/feed.xml', name: Five}
  - {id: six, url: 'javascript:alert(1)', name: Six}
""")
    _, problems = validate_dir(directory)
    messages = [f"{p.line}: {p.message}" for p in problems]
    assert any(m.startswith("2:") and "'ftp://example.com/feed' is not an http:// or https:// address" in m for m in messages)
    assert any(m.startswith("2:") and "unknown model or organization 'nobody'" in m for m in messages)
    assert any(m.startswith("4:") and "duplicate feed id 'two'" in m for m in messages)
    assert any(m.startswith("5:") and "'https:///nohost' is not an http" in m for m in messages)
    assert any(m.startswith("6:") and "feed url is already used by 'two'" in m for m in messages)
    assert any(m.startswith("7:") and "'javascript:alert(1)' is not an http" in m for m in messages)


def test_tags_are_whole_words_of_names_and_aliases(catalog):
    tags = Tagger(catalog).tags
    assert tags("Meta ships Muse Spark; it beats GPT-5.4") == ("muse-spark", "gpt-5.4", "meta")
    assert tags("Llama 4 Maverick, open weights") == ("llama-4-maverick",)
    assert tags("Why llamas spit, and a meta-analysis of metadata") == ()  # no name inside other words
    assert tags("a meta comment") == ()  # one-word names keep their case: 'meta' is a word
    assert tags("Training at scale: a spark of insight, a muse for poets") == ()  # lower-case aliases
    assert tags("Training at Scale: A Spark of Insight") == ()  # 'scale' and 'spark' are lookups, not tags
    assert tags("MUSE SPARK and gpt-5.4 in any case") == ("muse-spark", "gpt-5.4")
    assert tags("nothing here", extra=["meta"]) == ("meta",)  # the feed's own tags
