"""Scoring /ask on the labelled set (tests/core/ask_questions.yaml); shared by test_ask.py and bench/bench_ask.py."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.content.catalog import Catalog
from bot.core.answer import Answer
from bot.core.ask.answer import respond

LABELLED = Path(__file__).with_name("ask_questions.yaml")


@dataclass
class Scores:
    """Counts over the labelled set, and the questions that went wrong or were declined."""

    answerable: int = 0
    unanswerable: int = 0
    right: int = 0
    declined_answerable: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.right + len(self.wrong)

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.answerable if self.answerable else 1.0


def shown(answer: Answer) -> str:
    """Everything an answer shows in words: where the expected text must appear."""
    return " ".join((answer.title, *answer.lines, *answer.notes))


def evaluate(catalog: Catalog) -> Scores:
    """Ask every labelled question; an answer is right when it holds the expected text, a decline when expected."""
    scores = Scores()
    for item in yaml.safe_load(LABELLED.read_text(encoding="utf-8"))["questions"]:
        answer = respond(catalog, item["q"])
        if item.get("decline"):
            scores.unanswerable += 1
            if answer.ok:
                scores.wrong.append(f"{item['q']} -> {answer.title}")
            continue
        scores.answerable += 1
        if not answer.ok:
            scores.declined_answerable.append(f"{item['q']} -> {answer.title}")
        elif item["answer"].casefold() in shown(answer).casefold():
            scores.right += 1
        else:
            scores.wrong.append(f"{item['q']} -> {answer.title}")
    return scores
