"""Invent nothing: every number, statement and FAQ answer in content/ is in the source article."""

import re

import pytest

from bot.core.text import number
from tests.conftest import ARTICLE


def plain(text: str) -> str:
    return re.sub(r"\s+", " ", text.replace("’", "'").replace("“", '"').replace("”", '"'))


@pytest.fixture(scope="module")
def article() -> str:
    if not ARTICLE.exists():
        pytest.skip(f"source article not found at {ARTICLE}")
    return plain(ARTICLE.read_text(encoding="utf-8"))


def test_every_score_value_appears_in_the_article(catalog, article):
    for bench in catalog.benchmarks.values():
        for score in bench.scores:
            shown = number(score.value)
            assert re.search(rf"(?<![\d.,]){re.escape(shown)}(?![\d]|\.\d)", article), (bench.id, score.model, shown)


def test_every_relation_statement_is_quoted_word_for_word(catalog, article):
    statements = [r.statement for b in catalog.benchmarks.values() for r in b.relations]
    assert statements
    for statement in statements:
        assert plain(statement) in article, statement


def test_every_faq_entry_is_the_articles(catalog, article):
    assert len(catalog.faq) == 5
    for entry in catalog.faq:
        assert plain(entry.question) in article, entry.question
        assert plain(entry.answer) in article, entry.question


def test_every_record_cites_a_known_source(catalog):
    assert set(catalog.sources) == {"muse-spark-article"}
    cited = [s.source for b in catalog.benchmarks.values() for s in b.scores]
    cited += [e.source for e in catalog.events] + [f.source for f in catalog.faq] + [m.source for m in catalog.models.values()]
    assert set(cited) == {"muse-spark-article"}


def test_key_facts(catalog):
    muse = catalog.models["muse-spark"]
    assert muse.open_weights is False and muse.released == "2026-04-08" and muse.maker == "msl"
    assert catalog.models["llama-4-maverick"].open_weights is True
    assert [e.date for e in catalog.events] == ["2026-01", "2026-03", "2026-04", "2026-04-07", "2026-04-08"]


def all_facts(catalog):
    return [f for r in (*catalog.models.values(), *catalog.organizations.values()) for f in r.facts]


def test_every_quote_in_a_fact_is_word_for_word(catalog, article):
    quotes = [q for f in all_facts(catalog) for q in re.findall(r'"([^"]+)"', f.text)]
    assert len(quotes) >= 4
    for quote in quotes:
        assert plain(quote) in article, quote


def test_every_number_in_a_fact_or_note_is_the_articles(catalog, article):
    notes = [m.released_note for m in catalog.models.values() if m.released_note]
    texts = [f.text for f in all_facts(catalog)] + notes
    for text in texts:
        for figure in re.findall(r"\d[\d,]*(?:\.\d+)?", text):
            assert re.search(rf"(?<![\d.,]){re.escape(figure)}(?!\d)", article), (figure, text)


def test_every_product_name_is_in_the_article(catalog, article):
    products = [p for org in catalog.organizations.values() for p in org.products]
    assert {"ChatGPT", "Meta AI", "Claude"} <= set(products)
    for product in products:
        assert product in article, product


def test_the_users_ask_for_and_the_article_states(catalog, article):
    assert "3 billion users across Facebook, Instagram, WhatsApp, and Threads now have access" in article
    assert "It powers Meta AI starting today" in article and "Today, Meta released" in article
    muse, meta = catalog.models["muse-spark"], catalog.organizations["meta"]
    assert any("3 billion users" in f.text for f in muse.facts) and any("3 billion users" in f.text for f in meta.facts)
    assert any(f.text.startswith("Released on April 8, 2026") for f in muse.facts)
    assert any("Alexandr Wang" in f.text for f in catalog.organizations["scale-ai"].facts)


def test_no_inferred_release_dates(catalog, article):
    """The article dates the Llama 4 launch, not Maverick: no date, a note saying what it does give."""
    maverick = catalog.models["llama-4-maverick"]
    assert maverick.released is None
    assert "March 2026" in maverick.released_note and "March 2026: Llama 4 launches" in article
    assert all(m.released is None or m.released == "2026-04-08" for m in catalog.models.values())
