"""Scoring /ask on the labelled set (tests/core/ask_questions.yaml); shared by test_ask.py and bench/bench_ask.py.

An item expects either a decline (`decline: true`) or an answer: `answer` (a text, or a list of texts, that
the reply must all show; 'a|b' accepts either), `starts` (how its first line must begin: 'Yes', 'No'), or
`route: news` (/ask hands the question to /news); `batch: N` marks a former held-out batch's items. A reply
saying what the source lacks ("The source gives no GPT-5.4 score on CharXiv Reasoning. What it says: …")
declines, whatever else it adds. Questions go through the /ask command as a user's would.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import yaml

from bot.content.catalog import Catalog
from bot.core import Core, Request
from bot.core.answer import Answer

LABELLED = Path(__file__).with_name("ask_questions.yaml")


@dataclass
class Scores:
    """Counts over the labelled set, and the questions that went wrong or were declined."""

    answerable: int = 0
    unanswerable: int = 0
    right: int = 0
    declined_answerable: list[str] = field(default_factory=list)
    wrong: list[str] = field(default_factory=list)
    answered_unanswerable: list[str] = field(default_factory=list)

    @property
    def answered(self) -> int:
        return self.right + len(self.wrong)

    @property
    def precision(self) -> float:
        return self.right / self.answered if self.answered else 1.0

    @property
    def recall(self) -> float:
        return self.right / self.answerable if self.answerable else 1.0

    @property
    def declined(self) -> float:
        """Share of the unanswerable questions declined."""
        return 1 - len(self.answered_unanswerable) / self.unanswerable if self.unanswerable else 1.0


def shown(answer: Answer) -> str:
    """Everything an answer shows in words: where the expected text must appear."""
    return " ".join((answer.title, *answer.lines, *answer.notes))


def routed(answer: Answer) -> str | None:
    """The command /ask handed the question to ('news'), if any."""
    return next((line.split()[1][1:] for line in answer.lines if line.startswith("From: /news")), None)


def right(item: dict, answer: Answer) -> bool:
    """Whether `answer` holds what the labelled item expects of an answer."""
    if item.get("route"):
        return routed(answer) == item["route"]
    if not answer.ok or routed(answer):
        return False
    expected = item.get("answer", [])
    texts = [expected] if isinstance(expected, str) else expected
    said = shown(answer).casefold()
    return all(any(option.casefold() in said for option in text.split("|")) for text in texts) and (
        answer.title.startswith(item.get("starts", "")))


def declines(answer: Answer) -> bool:
    """Whether `answer` declines: not found, or a reply that says first what the source does not give."""
    return (not answer.ok or answer.title.startswith("The source gives no")) and not routed(answer)


def evaluate(catalog: Catalog, path: Path = LABELLED, batch: int | None = None) -> Scores:
    """Ask every labelled question (or those of one held-out `batch`, 0 for the rest); an answer is right when it
    holds what is expected, a decline when expected."""
    core = Core(catalog)
    scores = Scores()
    for item in yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]:
        if batch is not None and item.get("batch", 0) != batch:
            continue
        answer = core.handle(Request("ask", item["q"]))
        if item.get("decline"):
            scores.unanswerable += 1
            if not declines(answer):
                scores.wrong.append(f"{item['q']} -> {answer.title}")
                scores.answered_unanswerable.append(item["q"])
            continue
        scores.answerable += 1
        if right(item, answer):
            scores.right += 1
        elif not answer.ok and not routed(answer):
            scores.declined_answerable.append(f"{item['q']} -> {answer.title}")
        else:
            scores.wrong.append(f"{item['q']} -> {answer.title}")
    return scores
