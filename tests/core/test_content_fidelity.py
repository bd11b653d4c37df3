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
