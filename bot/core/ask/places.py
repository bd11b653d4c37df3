"""Places on a ranking: 'who is 2nd on X' (ties included: 1, 1, 3 has no 2nd), and 'who beat A on X',
'which models score higher than A on X except B' (polarity: except, but, other than leave models out)."""

from __future__ import annotations

import re

from bot.content.catalog import Catalog
from bot.content.schema import Benchmark
from bot.core.answer import Answer
from bot.core.ask.question import Question
from bot.core.ask.ranking import ordinal
from bot.core.ask.reply import decline, left, one, reply
from bot.core.ask.slot import placed
from bot.core.commands.common import score_text

ORDINALS = {"first": 1, "1st": 1, "second": 2, "2nd": 2, "third": 3, "3rd": 3, "fourth": 4, "4th": 4, "fifth": 5,
            "5th": 5, "sixth": 6, "6th": 6, "seventh": 7, "7th": 7, "eighth": 8, "8th": 8, "ninth": 9, "9th": 9,
            "tenth": 10, "10th": 10}
_EXCEPT = ("except", "but", "besides", "excluding", "other than", "apart from", "aside from")
_ABOVE = frozenset("beat beats beaten outscored outscore outperformed outperform ahead higher above better".split())
_BELOW = frozenset("below behind lower worse trails trail".split())
_WHO = frozenset({"who", "which", "what"})


def place_asked(question: Question) -> int | None:
    """The place an ordinal asks for ('2nd', 'third', 'number 2', '#2'), if any; 'first' only on a benchmark
    named ('who is first on GDPval'), since 'MSL's first model' asks no place."""
    words = question.words
    for i, word in enumerate(words):
        if word in ORDINALS and (ORDINALS[word] > 1 or question.of("benchmark")) and placed(words[i + 1 :]):
            return ORDINALS[word]  # 'who is 3rd on X', not the third agent
        if word in ("number", "#", "no") and words[i + 1 : i + 2] == ["one"] and question.of("benchmark"):
            return 1  # 'who's #1 on X'
        if word in ("number", "#", "no") and i + 1 < len(words) and words[i + 1].isdigit():
            return int(words[i + 1]) if 1 < int(words[i + 1]) <= 1000 else None
    return None


def _bench(catalog: Catalog, question: Question) -> Benchmark | None:
    benches = question.of("benchmark")
    return catalog.benchmarks[benches[0] if benches else catalog.headline] if len(benches) <= 1 else None


def at_place(catalog: Catalog, question: Question) -> Answer | None:
    """'Who is 2nd on X': the models at that place; none when a tie above skips it (1, 1, 3)."""
    n = place_asked(question)
    if n is None or question.of("model") or question.yesno:
        return None
    if left(catalog, question, "best", "score") or (bench := _bench(catalog, question)) is None:
        return None
    ranking = catalog.rankings[bench.id]
    if not ranking:
        return decline(catalog, question, f"who is {ordinal(n)} on {bench.name}; it gives no scores there")
    if n > len(ranking):
        return decline(catalog, question, f"who is {ordinal(n)} on {bench.name}: it scores {len(ranking)} models")
    there = [s for s in ranking if catalog.place(bench, s.value) == n]
    direction = f"({bench.direction} is better)"
    if there:
        names = " and ".join(catalog.label(s.model) for s in there)
        verb = "share" if len(there) > 1 else "is"
        sentence = (f"{names} {verb} {ordinal(n)} of {len(ranking)} on {bench.name} {direction} with "
                    f"{score_text(bench, there[0])}.")
    else:
        above = [s for s in ranking if catalog.place(bench, s.value) < n]
        tied = [s for s in above if catalog.place(bench, s.value) == catalog.place(bench, above[-1].value)]
        after = next((s for s in ranking if catalog.place(bench, s.value) > n), None)
        sentence = (f"No model is {ordinal(n)} on {bench.name} {direction}: "
                    f"{' and '.join(catalog.label(s.model) for s in tied)} tie for "
                    f"{ordinal(catalog.place(bench, tied[0].value))} with {score_text(bench, tied[0])}")
        if after is not None:
            sentence += (f"; next is {catalog.label(after.model)}, {ordinal(catalog.place(bench, after.value))} "
                         f"with {score_text(bench, after)}")
        sentence += "."
        there = tied + ([after] if after else [])
    return reply(catalog, sentence, (), f"/rank {bench.name}", [(s.source, s.as_of) for s in there])


def _left_out(catalog: Catalog, question: Question) -> list[str]:
    """Models the question leaves out ('… except GPT-5.4', '… other than Gemini')."""
    joined = re.sub(r"\bbut (?=(?:what|which|who|how|where|when|why|is|are|was|were|does|did|do)\b)", "yet ",
                    " ".join(question.words))  # 'X beat Y, but what did Y score': a second question, no exception
    cut = min((joined.index(f" {w} ") for w in _EXCEPT if f" {w} " in f" {joined} "[1:]), default=None)
    if cut is None:
        return []
    position = len(joined[:cut].split())
    return [m.id for m in question.mentions if m.kind == "model" and m.at >= position]


_LEADING = frozenset("lead leads leading best top first win wins strongest excel excels shine shines".split())


def leads(catalog: Catalog, question: Question) -> Answer | None:
    """'What does A lead (on)' / 'which benchmarks is A best at': where A is first, and what the source
    states A is ahead of everyone on."""
    model_id = one(question, "model")
    words = set(question.words)
    if model_id is None or question.yesno or question.of("benchmark") or not words & _LEADING:
        return None
    if not words & (_WHO | {"where"}) or left(catalog, question, "best", "score"):
        return None
    if question.slot.kind == "person":
        return None  # 'who at Meta leads Contemplating mode' asks someone, not what the model leads
    model = catalog.models[model_id]
    first = [(b, s) for b, s in catalog.scores_by_model.get(model_id, ())
             if len(catalog.rankings[b.id]) > 1 and catalog.place(b, s.value) == 1]
    stated = [(b, r) for b, r in catalog.relations_by_model.get(model_id, ())
              if r.model == model_id and r.relation == "ahead_of" and b.id not in {b.id for b, _ in first}]
    if not first and not stated:
        return decline(catalog, question, f"that {model.name} leads any benchmark: it is first on none it scores")
    parts = []
    for bench, score in first:
        tied = [s for s in catalog.rankings[bench.id] if s.value == score.value and s.model != model_id]
        shared = f", tied with {', '.join(catalog.label(s.model) for s in tied)}" if tied else ""
        parts.append(f"{bench.name} ({score_text(bench, score)}, 1st of {len(catalog.rankings[bench.id])}{shared})")
    sentence = f"{model.name} is first on " + "; ".join(parts) + "." if parts else ""
    notes = tuple(f"On {b.name} the source says: “{r.statement}”" for b, r in stated)
    if not sentence:
        sentence, notes = notes[0], notes[1:]
    cited = [(s.source, s.as_of) for _, s in first] + [(r.source, r.as_of) for _, r in stated]
    origin = f"/rank {first[0][0].name if first else stated[0][0].name}"
    return reply(catalog, sentence, notes, origin, cited)


def ahead_of(catalog: Catalog, question: Question) -> Answer | None:
    """'Who beat A on X' / 'which models score higher than A on X (except B)': every model placed above
    (or, for 'behind'/'lower', below) A, less those left out."""
    words = set(question.words)
    if question.yesno or not words & _WHO or not words & (_ABOVE | _BELOW):
        return None
    if not question.of("benchmark") and not words & (_ABOVE | _BELOW) - {"behind", "better", "worse"}:
        return None  # 'who is behind Muse Spark' asks who made it
    excluded = _left_out(catalog, question)
    models = [m for m in question.of("model") if m not in excluded]
    if len(models) != 1 or left(catalog, question, "compare", "score", "best"):
        return None
    if (bench := _bench(catalog, question)) is None:
        return None
    scores = {s.model: s for s in catalog.rankings[bench.id]}
    mine = scores.get(models[0])
    name = catalog.label(models[0])
    if mine is None:
        return decline(catalog, question, f"how {name} places on {bench.name}")
    below = bool(words & _BELOW) and not words & _ABOVE
    mention = next(m for m in question.mentions if m.id == models[0])
    if mention.at > 0 and question.words[mention.at - 1] in ("did", "does", "do", "has", "have", "had"):
        below = not below  # 'which models did A beat': A is the one beating, so those below it
    found = [s for s in catalog.rankings[bench.id] if s.model != mine.model and s.model not in excluded
             and (catalog.better(bench, mine.value, s.value) if below else catalog.better(bench, s.value, mine.value))]
    side = "lower" if below else "higher"
    if bench.direction == "lower":
        side = "worse" if below else "better"
    leaving = f" (leaving out {', '.join(catalog.label(m) for m in excluded)})" if excluded else ""
    if not found:
        sentence = f"On {bench.name}, no model{leaving} scores {side} than {name} ({score_text(bench, mine)})."
    else:
        listed = ", ".join(f"{catalog.label(s.model)} ({score_text(bench, s)})" for s in found)
        count = f"{len(found)} model{'s' if len(found) > 1 else ''}"
        sentence = f"On {bench.name}, {count}{leaving} score {side} than {name} ({score_text(bench, mine)}): {listed}."
    return reply(catalog, sentence, (), f"/rank {bench.name}", [(s.source, s.as_of) for s in (mine, *found)])


def is_placed(catalog: Catalog, question: Question) -> tuple[bool, Benchmark] | None:
    """For a yes/no question on one model's place ('is A number one on X', 'is A in the top 3', 'does A
    lead X'): whether it holds, and the benchmark; None when the question asks no such thing."""
    model_id = one(question, "model")
    words = question.words
    if model_id is None or (bench := _bench(catalog, question)) is None or question.of("org"):
        return None
    if any(w in ORDINALS and not placed(words[i + 1 :]) for i, w in enumerate(words)):
        return None  # 'is it the first model out of MSL': an order among models, no place on a ranking
    scored = {s.model: s for s in catalog.rankings[bench.id]}
    if model_id not in scored:
        return None
    place = catalog.place(bench, scored[model_id].value)
    if "top" in words and (n := next((int(w) for w in words if w.isdigit() and 0 < int(w) <= 100), None)):
        return place <= n, bench
    if question.has("number one", "number 1", "the best", "best", "first", "1st", "top", "lead", "leads",
                    "leading", "the leader", "winner", "on top", "efficient"):
        return place == 1, bench
    if (n := place_asked(question)) is not None:
        return place == n, bench
    if question.has("last", "worst"):
        return place == len(scored), bench
    return None
