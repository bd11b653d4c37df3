"""A source an operator adds answers /ask without curating a record from it; /faq uses /ask's engine."""

from __future__ import annotations

import shutil

import pytest

from bot.content.loader import load_catalog
from bot.core import Core, Request, Status
from tests.conftest import CONTENT

NOTES = """# Cirrus Labs ships Nimbus 2

Cirrus Labs released Nimbus 2 on March 3, 2026. Nimbus 2 is a small open-weights model for phones.
It supports 40 languages and runs offline.

## Reception

Reviewers praised its battery use. Nimbus 2 is not available in China yet.
"""


@pytest.fixture(scope="module")
def nimbus(tmp_path_factory) -> Core:
    """The shipped content plus a made-up source whose text names no curated record."""
    target = tmp_path_factory.mktemp("nimbus") / "content"
    shutil.copytree(CONTENT, target)
    (target / "sources" / "cirrus-notes.md").write_text(NOTES, encoding="utf-8")
    (target / "cirrus.yaml").write_text("sources:\n  - id: cirrus-notes\n    title: Cirrus Labs notes\n"
                                        "    published: 2026-05-01\n    file: sources/cirrus-notes.md\n")
    return Core(load_catalog(target))


@pytest.mark.parametrize(("question", "said"), [
    ("what is nimbus 2", "Nimbus 2 is a small open-weights model for phones."),
    ("how many languages does nimbus 2 support", "It supports 40 languages and runs offline."),
    ("when did cirrus labs release nimbus 2", "Cirrus Labs released Nimbus 2 on March 3, 2026."),
    ("does nimbus 2 run offline?", "It supports 40 languages and runs offline."),
    ("what did reviewers praise", "Reviewers praised its battery use."),
])
def test_a_new_source_answers_in_its_own_words(nimbus, question, said):
    answer = nimbus.handle(Request("ask", question))
    assert answer.ok and f"“{said}”" in answer.title, answer.title
    assert answer.footer == ("Source: Cirrus Labs notes (published 2026-05-01) · as of 2026-05-01",)


def test_a_new_source_answers_yes_no_with_its_polarity(nimbus):
    assert nimbus.handle(Request("ask", "is nimbus 2 available in china?")).title.startswith("No. The source says")
    assert nimbus.handle(Request("ask", "does nimbus 2 run offline?")).title.startswith("Yes. The source says")


@pytest.mark.parametrize("question", ["how many parameters does nimbus 2 have", "what is cirrus labs' revenue",
                                      "when will nimbus 3 ship", "how many languages does muse spark support"])
def test_a_new_source_is_no_excuse_to_answer_what_it_does_not_say(nimbus, question):
    assert nimbus.handle(Request("ask", question)).status is Status.NOT_FOUND


def test_the_shipped_answers_stay_with_another_source_beside_them(nimbus):
    answer = nimbus.handle(Request("ask", "when was muse spark released"))
    assert answer.title == "Muse Spark was released on Apr 8, 2026."


@pytest.mark.parametrize(("typed", "entry"), [
    ("hey so is muse spark open source or not lol", "Is Muse Spark open source?"),
    ("whats contemplating mode", "What is Contemplating mode?"),
    ("can i use it with claude code", "Can I use Muse Spark with OpenClaw or Claude Code?"),
])
def test_faq_finds_a_listed_question_in_other_words(ask, typed, entry):
    answer = ask(f"/faq {typed}")
    assert answer.ok and answer.title == entry


def test_faq_hands_anything_else_to_ask(ask):
    answered = ask("/faq how many physicians trained muse spark")
    assert answered.ok and "1,000 physicians" in answered.title
    declined = ask("/faq who is the ceo of meta")
    assert declined.status is Status.NOT_FOUND and declined.lines[0].startswith("The source does not say")
