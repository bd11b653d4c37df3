"""Questions /rank and /compare answer: which is best, what a model scores, A vs B (their logic, reused)."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.content.schema import Benchmark, Model, Score
from bot.core.answer import Answer
from bot.core.ask.question import INTENT_WORDS, Question
from bot.core.ask.reply import NOT_A_VALUE, decline, left, one, reply, unaccounted
from bot.core.commands.common import relation_note, score_text, top_label
from bot.core.commands.compare import side_by_side
from bot.core.text import number


def ordinal(n: int) -> str:
    """1 -> '1st', 2 -> '2nd', 11 -> '11th'."""
    suffix = "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    return f"{n}{suffix}"


def compare(catalog: Catalog, question: Question) -> Answer | None:
    """'A vs B' / 'is A better than B [on X]': /compare's verdict, or the two scores on X."""
    models = question.of("model")
    comparing = set(question.words) & (INTENT_WORDS["compare"] | {"or"}) or question.slot.kind == "difference"
    if question.slot.kind in NOT_A_VALUE or len(models) != 2 or not comparing:
        return None
    if left(catalog, question, "compare", "best", "score"):
        return None
    if any(mode.split("#")[0] not in models for mode in question.of("mode")):
        return None  # 'the Contemplating scores vs Gemini and GPT' is not Gemini against GPT
    first, second = (catalog.models[m] for m in models)
    bench_id = one(question, "benchmark")
    if bench_id is None and question.slot.kind == "difference":  # 'how big was the jump from A to B': a gap on
        shared = [b.id for b, _ in catalog.scores_by_model.get(first.id, [])  # the headline, or their one benchmark
                  if any(b.id == c.id for c, _ in catalog.scores_by_model.get(second.id, []))]
        bench_id = catalog.headline if catalog.headline in shared else shared[0] if len(shared) == 1 else None
    if bench_id is not None:
        bench = catalog.benchmarks[bench_id]
        scores = {s.model: s for s in catalog.rankings[bench.id]}
        a, b = scores.get(first.id), scores.get(second.id)
        if a is None or b is None:
            return decline(catalog, question, f"how {first.name} and {second.name} compare on {bench.name}")
        return reply(catalog, versus(catalog, bench, first, a, second, b), (), f"/rank {bench.name}",
                     [(a.source, a.as_of), (b.source, b.as_of)])
    table = side_by_side(catalog, first, second)
    if table.lines[0].startswith("No benchmark"):
        return decline(catalog, question, f"how {first.name} and {second.name} compare: no benchmark reports both")
    return reply(catalog, table.lines[0], (), f"/compare {first.name} vs {second.name}",
                 [(first.source, first.as_of), (second.source, second.as_of)])


def versus(catalog: Catalog, bench: Benchmark, first: Model, a: Score, second: Model, b: Score) -> str:
    """'On X, A (42.8) is ahead of B (40.1) by 2.7.', or 'On X, A and B tie at 57.'"""
    if a.value == b.value:
        return f"On {bench.name}, {first.name} and {second.name} tie at {score_text(bench, a)}."
    (win, ws), (lose, ls) = ((first, a), (second, b)) if catalog.better(bench, a.value, b.value) else (
        (second, b), (first, a))
    gap = number(round(abs(ws.value - ls.value), 6), bench.unit)
    lower = " (lower is better)" if bench.direction == "lower" else ""
    return (f"On {bench.name}{lower}, {win.name} ({score_text(bench, ws)}) is ahead of {lose.name} "
            f"({score_text(bench, ls)}) by {gap}.")


_HOW_IT_DID = INTENT_WORDS["score"] | INTENT_WORDS["compare"] | frozenset("stack stacks".split())
"""'How did X do / perform / fare / stack up …': a score asked in a 'how' question."""
_NOT_ASKING_SCORE = frozenset({"behind", "ahead", "far", "do", "get", "gets", "uses", "used", "using"})
_NOT_ASKING_BEST = frozenset({"benchmark", "benchmarks", "first", "number", "scorer", "scorers", "efficient",
                              "efficiency"})
_LOW = {"fewest", "least", "lowest"}
_HIGH = {"most", "highest"}
_WORST = {"worst", "last"}


def best(catalog: Catalog, question: Question) -> Answer | None:
    """'Which model is best / fewest / worst on X' (no X: the headline benchmark): the top of /rank X."""
    named = {w for m in question.mentions for w in m.words}  # 'last' in "Humanity's Last Exam" asks nothing
    words = set(question.words) - named
    if not words & (INTENT_WORDS["best"] - _NOT_ASKING_BEST) or question.slot.kind in NOT_A_VALUE:
        return None
    if set(question.words) & {"efficient", "efficiency"}:  # 'most token efficient': efficiency, not 'most'
        words = (words - _HIGH) | {"efficient"}
    if len(question.of("benchmark")) > 1 or question.of("model"):  # a model named: its score, not a ranking
        return None
    n = _top_n(question)
    if [w for w in left(catalog, question, "best", "score") if w != str(n)] or question.of("org"):
        return None
    bench_id = one(question, "benchmark")
    if words & {"efficient", "efficiency"} and bench_id is None:  # only a benchmark of efficiency answers it
        bench_id = next((b.id for b in catalog.benchmarks.values()
                         if any("efficien" in n.casefold() for n in (b.name, *b.aliases))), None)
        if bench_id is None:
            return decline(catalog, question)
    bench = catalog.benchmarks[bench_id or catalog.headline]
    ranking = list(catalog.rankings[bench.id])
    if not ranking:
        return decline(catalog, question, f"which model leads {bench.name}; it gives no scores there")
    if n is not None and not words & (_LOW | _HIGH | _WORST | {"efficient", "efficiency"}):
        return _top(catalog, bench, n)
    if words & {"efficient", "efficiency"}:
        if words & (_LOW | _WORST):
            ranking.reverse()
    elif words & _LOW:
        ranking.sort(key=lambda s: s.value)
    elif words & _HIGH:
        ranking.sort(key=lambda s: -s.value)
    elif words & _WORST:
        ranking.reverse()
    top = [s for s in ranking if s.value == ranking[0].value]
    names = " and ".join(catalog.label(s.model) for s in top)
    cited = [(s.source, s.as_of) for s in top]
    if len(ranking) == 1:
        sentence = f"Only {names} has a {bench.name} score: {score_text(bench, top[0])}."
    else:
        least_efficient = _LOW | _WORST if words & {"efficient", "efficiency"} else set()
        place = next((name for name, group in (("last", least_efficient),
                                               ("first", {"efficient", "efficiency"}), ("lowest", _LOW),
                                               ("highest", _HIGH), ("last", _WORST)) if words & group), "first")
        verb = "share" if len(top) > 1 else "is"
        sentence = (f"{names} {verb} {place} of {len(ranking)} on {bench.name} ({bench.direction} is better) "
                    f"with {score_text(bench, top[0])}.")
    notes = tuple(f"The source says: “{r.statement}”" for r in bench.relations)
    cited += [(r.source, r.as_of) for r in bench.relations]
    return reply(catalog, sentence, notes, f"/rank {bench.name}", cited)


def _top_n(question: Question) -> int | None:
    """The N of 'top N' ('the top 3 models'), if the question says one."""
    words = question.words
    found = next((w for before, w in zip(words, words[1:]) if before == "top" and w.isascii() and w.isdigit()), None)
    return int(found) if found and 0 < int(found) <= 100 else None


def _top(catalog: Catalog, bench: Benchmark, n: int) -> Answer:
    """'The top 3 of 5 on X': /rank X top N in a sentence, a tie at the cut included."""
    top = catalog.top(bench, n)
    listed = ", ".join(f"#{catalog.place(bench, s.value)} {catalog.label(s.model)} ({score_text(bench, s)})"
                       for s in top)
    sentence = (f"The {top_label(catalog, bench, n, top)} of {len(bench.scores)} on {bench.name} "
                f"({bench.direction} is better): {listed}.")
    notes = tuple(f"The source says: “{r.statement}”" for r in bench.relations)
    cited = [(s.source, s.as_of) for s in top] + [(r.source, r.as_of) for r in bench.relations]
    return reply(catalog, sentence, notes, f"/rank {bench.name} top {n}", cited)


def score(catalog: Catalog, question: Question) -> Answer | None:
    """'What does A score on X' / 'where does A rank': A's score and place, or the source's statement."""
    model_id = one(question, "model")
    benches = question.of("benchmark")
    asks_score = set(question.words) & (INTENT_WORDS["score"] - _NOT_ASKING_SCORE) or benches
    asked = ("score", "compare") if question.has("how many") else ("score",)  # 'how many models beat X': its place
    if question.slot.kind in NOT_A_VALUE or len(benches) > 1 or not asks_score or left(catalog, question, *asked):
        return None
    if question.slot.kind == "manner" and question.slot.head and question.slot.head not in _HOW_IT_DID:
        return None  # 'how did Meta train it for health' asks how it was trained, not its HealthBench score
    if model_id is None:  # 'charxiv score?': the benchmark's scores, unless another name is asked ('openclaw')
        other = [w for w in unaccounted(question, "score", "best") if w not in question.soft]
        return _scores(catalog, question) if len(benches) == 1 and not question.mentions[1:] and not other else None
    model = catalog.models[model_id]
    if not benches and [w for w in unaccounted(question, "score") if w not in question.soft]:
        return None  # 'muse spark coding perf': a domain the headline benchmark is not
    if not benches:
        scored = catalog.scores_by_model.get(model.id, [])
        pick = [(b, s) for b, s in scored if b.id == catalog.headline] or scored[:1]
        if not pick:
            return decline(catalog, question, f"how {model.name} scores on any benchmark")
        bench, found = pick[0]
    else:
        bench = catalog.benchmarks[benches[0]]
        found = next((s for b, s in catalog.scores_by_model.get(model.id, []) if b.id == bench.id), None)
    relations = [r for b, r in catalog.relations_by_model.get(model.id, []) if b.id == bench.id]
    if found is None:
        if not relations:
            return decline(catalog, question, f"what {model.name} scores on {bench.name}")
        return reply(catalog, f"The source gives no {model.name} score on {bench.name}. What it says: "
                     f"{relation_note(catalog, relations[0])}", (), f"/rank {bench.name}",
                     [(r.source, r.as_of) for r in relations])
    if question.slot.kind == "difference":
        return None  # 'how much did the index score improve from Maverick' asks a gap, which one score is not
    return _standing_reply(catalog, question, model, bench, found)


def _scores(catalog: Catalog, question: Question) -> Answer | None:
    """'charxiv score?': a benchmark's scores (its one score, said as the model's)."""
    bench = catalog.benchmarks[question.of("benchmark")[0]]
    ranking = list(catalog.rankings[bench.id])
    if question.slot.kind not in ("score", "terse") or not ranking:
        return None
    if len(ranking) == 1:
        return _standing_reply(catalog, question, catalog.models[ranking[0].model], bench, ranking[0])
    return _top(catalog, bench, len(ranking))


def _standing_reply(catalog: Catalog, question: Question, model: Model, bench: Benchmark, found: Score) -> Answer:
    """A model's score and place, with what the source states beside it; a decline when the question leaves
    out the mode the score was made in ('HLE score without Contemplating mode')."""
    if found.mode and _without(question, found.mode):
        return decline(catalog, question, f"what {model.name} scores on {bench.name} without {found.mode} mode; "
                       f"it gives {score_text(bench, found)} in {found.mode} mode")
    relations = [r for b, r in catalog.relations_by_model.get(model.id, []) if b.id == bench.id]
    said = tuple(f"The source says: “{r.statement}”" for r in relations)
    return reply(catalog, standing(catalog, model, bench, found), said,
                 f"/rank {bench.name}", [(found.source, found.as_of)] + [(r.source, r.as_of) for r in relations])


def _without(question: Question, mode: str) -> bool:
    """Whether the question leaves the mode out ('without contemplating mode', 'not in contemplating')."""
    words = question.words
    return any(w in ("without", "not", "except", "excluding", "outside") and mode.casefold() in words[i + 1 : i + 4]
               for i, w in enumerate(words))


def standing(catalog: Catalog, model: Model, bench: Benchmark, score: Score) -> str:
    """'A scores 42.8 on X, 1st of 4' (no place where A is the only one scored: no implied rank)."""
    count = len(bench.scores)
    said = f"{model.name} scores {score_text(bench, score)} on {bench.name}"
    if count == 1:
        return f"{said}; no other model has a score there."
    return f"{said}, {ordinal(catalog.place(bench, score.value))} of {count} ({bench.direction} is better)."
