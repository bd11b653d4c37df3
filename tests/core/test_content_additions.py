"""Products, part_of, synonyms and released_note: loaded into the Catalog and validated with file:line."""

import shutil
from pathlib import Path

import pytest

from bot.content.loader import validate_dir
from bot.content.names import normalize
from bot.content.schema import json_schema
from tests.conftest import CONTENT


def test_product_names_lead_to_the_organization(catalog):
    names = catalog.product_names
    assert names.get("chatgpt") == "openai" and names.get("ChatGPT") == "openai"
    assert names.get("claude") == "anthropic" and names.get("claude code") == "anthropic"
    assert names.get("Meta AI") == "meta" and names.get("whatsapp") == "meta"
    assert names.get("gemini") is None  # the article names no maker of Gemini
    assert "OpenAI" in names.suggest("chatgtp")


def test_organization_models_by_maker_part_and_product(catalog):
    models = catalog.organization_models
    assert models["openai"] == ("gpt-5.4",)  # GPT-5.4 begins with the product name GPT
    assert set(models["anthropic"]) == {"claude-opus-4.6", "claude-sonnet-4.6"}
    assert set(models["meta"]) == {"llama-4-maverick", "muse-spark"}  # MSL is part of Meta
    assert models["msl"] == ("muse-spark",)
    assert catalog.models["gpt-5.4"].maker is None  # a way in for lookups, never a stated maker
    assert catalog.organizations["msl"].part_of == "meta"


def test_synonyms_are_normalized_and_mean_words_the_content_uses(catalog):
    assert catalog.synonyms["layoffs"] == ("fires",)
    assert catalog.synonyms[normalize("Lay-offs")] == ("fires",)
    assert "fires" in catalog.synonyms[normalize("fired")]
    texts = list(catalog.event_texts) + [
        f.text.casefold() for r in (*catalog.models.values(), *catalog.organizations.values()) for f in r.facts
    ]
    for word, means in catalog.synonyms.items():
        assert word == normalize(word) and means
        for phrase in means:
            assert phrase == phrase.casefold() and any(phrase in text for text in texts), (word, phrase)
    assert any("fires" in text for text in catalog.event_texts)


def test_released_note_is_kept(catalog):
    assert "Llama 4 launch" in catalog.models["llama-4-maverick"].released_note
    assert catalog.models["muse-spark"].released_note is None


def test_the_json_schema_knows_the_new_fields():
    schema = json_schema()
    defs = schema["$defs"]
    assert {"word", "means"} <= set(defs["Synonym"]["properties"])
    assert "synonyms" in defs["ContentFile"]["properties"]
    assert {"products", "part_of"} <= set(defs["Organization"]["properties"])
    assert "released_note" in defs["Model"]["properties"]


def content_with(tmp_path: Path, extra: str, replace: tuple[str, str, str] | None = None) -> set[str]:
    target = tmp_path / "content"
    shutil.copytree(CONTENT, target)
    (target / "zz.yaml").write_text(extra)  # read last: earlier files claim names first
    if replace:
        file, old, new = replace
        text = (target / file).read_text()
        assert old in text
        (target / file).write_text(text.replace(old, new, 1))
    _, problems = validate_dir(target)
    return {f"{Path(p.file).name}:{p.line}: {p.message}" for p in problems}


@pytest.mark.parametrize(
    ("extra", "expected"),
    [
        ("synonyms:\n  - {word: lay offs, means: [fires]}\n",
         "zz.yaml:2: 'lay offs' must be one word with letters or digits"),
        ("synonyms:\n  - {word: layoffs, means: [cuts]}\n", "zz.yaml:2: synonym 'layoffs' is defined twice"),
        ("synonyms:\n  - {word: cuts, means: []}\n", "zz.yaml:2: synonyms.0.means: Expected `array` of length >= 1"),
        ("synonyms:\n  - {word: cuts, means: [fires, '--']}\n", "zz.yaml:2: '--' has no letters or digits"),
        ("synonyms:\n  - {word: cuts}\n", "zz.yaml:2: synonyms.0: missing required field 'means'"),
        ("synonyms:\n  - {word: cuts, means: [fires], also: [x]}\n", "zz.yaml:2: synonyms.0.also: unknown field"),
        ("organizations:\n  - {id: rival, name: Rival, products: [ChatGPT]}\n",
         "zz.yaml:2: product name 'ChatGPT' is already used by 'openai'"),
        ("organizations:\n  - {id: rival, name: Rival, products: [Apollo]}\n",
         "zz.yaml:2: product name 'Apollo' is the name of organization 'apollo-research'"),
        ("organizations:\n  - {id: rival, name: Rival, part_of: nobody}\n",
         "zz.yaml:2: unknown organization 'nobody'"),
        ("organizations:\n  - {id: rival, name: Rival, products: 'ChatGPT'}\n",
         "zz.yaml:2: organizations.0.products: Expected `array`, got `str`"),
        ("models:\n  - {id: m1, name: M1, released_note: '', source: muse-spark-article, as_of: 2026-04-08}\n",
         "zz.yaml:2: models.0.released_note: Expected `str` of length >= 1"),
    ],
)
def test_each_problem_with_its_line(tmp_path, extra, expected):
    found = content_with(tmp_path, extra)
    assert expected in found, found


def test_a_product_of_its_own_organization_name_is_fine(tmp_path):
    extra = "organizations:\n  - {id: rival, name: Rival, products: [Rival, Rival Chat]}\n"
    assert content_with(tmp_path, extra) == set()
