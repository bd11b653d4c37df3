"""Name and word lookups that forgive typos, know makers and products, and stay exact where they must."""

import pytest

from bot.content.names import Names, search_words, word_edits
from bot.core.commands.common import close_models, close_names, maker_of, organization_models

TEXTS = ("meta fires 15,000 people", "meta poaches alexandr wang from scale ai", "muse spark launches; open weights")


@pytest.mark.parametrize(
    ("query", "expected"),
    [("fires", [0]), ("15,000", [0]), ("meta", [0, 1]), ("alexander wang", [1]), ("sprak", [2]),
     ("layoffs", [0]), ("layofs", [0]), ("openai", []), ("wand", []), ("meta zzz", []), ("", [0, 1, 2])],
)
def test_search_words(query, expected):
    assert search_words(TEXTS, query, {"layoffs": ("fires",)}) == expected


def test_search_words_takes_whole_words_for_alternatives():
    assert search_words(("the firestorm",), "layoffs", {"layoffs": ("fire",)}) == []
    assert search_words(("they let go of staff",), "layoffs", {"layoffs": ("let go",)}) == [0]


def test_word_edits_grow_with_length():
    assert [word_edits(w) for w in ("ceo", "wang", "sprak", "alexander")] == [0, 0, 1, 2]


def test_scored_and_containing():
    names = Names([("a", "Muse Spark", ["muse"]), ("b", "Claude Opus 4.6", ["opus"]), ("c", "GPT-5.4", ["gpt"])])
    assert names.scored("muse sprak", 1, 75)[0][0] == "a"
    assert names.containing("claude") == ["b"]
    assert names.containing("chatgpt") == ["c"]
    assert names.containing("gp") == []
    assert names.suggest("zzzz") == []


@pytest.mark.parametrize(
    ("typed", "models"),
    [("muse sprak", ["muse-spark"]), ("gemni", ["gemini-3.1-pro"]), ("chatgpt", ["gpt-5.4"]),
     ("claude", ["claude-opus-4.6", "claude-sonnet-4.6"]), ("zzzzqqq", [])],
)
def test_close_models(catalog, typed, models):
    assert sorted(close_models(catalog, typed)) == models


def test_makers_and_products_lead_to_their_models(catalog):
    assert maker_of(catalog, "chatgpt") == "openai"
    assert maker_of(catalog, "Anthropic") == "anthropic"
    assert maker_of(catalog, "gpt-5.4") is None
    assert "gpt-5.4" in organization_models(catalog, "openai")


def test_close_names_never_suggest_the_name_typed_back(catalog):
    assert "Anthropic" not in close_names(catalog, "anthropic")
    assert close_names(catalog, "helthbench")[0] == "HealthBench Hard"
    assert close_names(catalog, "nonsense") == []


def test_large_catalog_lookups_still_answer(large_core):
    from bot.core import Request

    assert large_core.handle(Request("rank", "modle 500")).suggestions
    assert large_core.handle(Request("timeline", "april")).pages > 1
    assert large_core.handle(Request("timeline", "alpha bravvo")).table is not None


def test_a_bare_organization_is_not_found_and_a_catalog_without_new_indexes_works(tmp_path):
    from bot.content.loader import load_catalog
    from bot.core import Core, Request, Status

    (tmp_path / "c.yaml").write_text(
        "sources:\n  - {id: s, title: S, published: 2026-04-08}\n"
        "organizations:\n  - {id: acme, name: Acme}\n  - {id: ghost, name: Ghost}\n"
        "models:\n  - {id: rocket-1, name: Rocket 1, maker: acme, source: s, as_of: 2026-04-08}\n"
        "  - {id: sled-2, name: Sled 2, source: s, as_of: 2026-04-08}\n"
    )
    core = Core(load_catalog(tmp_path))
    assert core.handle(Request("rank", "acme")).suggestions == ("/rank Rocket 1",)
    assert core.handle(Request("rank", "rockett 1")).suggestions == ("/rank Rocket 1",)
    assert core.handle(Request("timeline", "layoffs")).status is Status.NOT_FOUND
    ghost = core.handle(Request("rank", "ghost"))
    assert ghost.status is Status.NOT_FOUND and "no models, benchmarks or facts" in " ".join(ghost.lines)
    bare = Core(load_catalog(tmp_path).__class__(
        sources={}, organizations={}, models={}, benchmarks={}, events=(), faq=(), headline="",
        model_names=Names([]), benchmark_names=Names([]), entity_names=Names([("acme", "Acme", [])]),
        faq_names=Names([]),
    ))
    assert bare.handle(Request("rank", "zzz")).status is Status.NOT_FOUND
