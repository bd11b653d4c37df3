"""Yes/no questions answered from the records: "Yes." or "No." and then the fact, so a wrong premise
('did it come out in 2025?', 'X beats Y on Z, right?', 'is X number one on Z?', 'did X score 50?') is
corrected with what the source says. Polarity is explicit: 'closed' asks the opposite of 'open', and a
'not' in the predicate ('is X not open source?') turns the question around; a negative question ("isn't X
open source?") is answered by the fact like a plain one."""

from __future__ import annotations

from bot.content.catalog import Catalog
from bot.core.answer import Answer
from bot.core.ask.places import is_placed
from bot.core.ask.question import FUTURE, Question
from bot.core.ask.ranking import standing, versus
from bot.core.ask.reply import decline, left, one, reply
from bot.core.text import date

_OPEN = frozenset("open source sourced weights weight download downloadable closed proprietary".split())
_CLOSED = frozenset({"closed", "proprietary"})
_RELEASE = frozenset("released release launched launch came come out drop dropped ship shipped".split())
_MAKER = frozenset("made make makes built build by from developed maker behind created".split())
_MORE = frozenset("more higher greater bigger larger".split())
_LESS = frozenset("fewer less lower smaller".split())
_BETTER = frozenset("better beat beats beating ahead lead leads win wins won outperform outperforms efficient "
                    "stronger".split())
"""Words that compare by rank, not by value ('more token efficient' is better, not more tokens)."""
_TIED = frozenset("tied tie ties same equal level even".split())
_LOSING = frozenset("worse behind lower trails trail trailed lose lost loses below weaker".split())


def verdict(holds: bool) -> str:
    return "Yes." if holds else "No."


def yes_no(catalog: Catalog, question: Question) -> Answer | None:
    """The answer to a yes/no question the records settle, or None (then a stated passage may)."""
    if not question.yesno:
        return None
    for check in (_open, _released, _maker, _versus, _scored, _placed):
        found = check(catalog, question)
        if found is not None:
            return found
    return None


def _open(catalog: Catalog, question: Question) -> Answer | None:
    model_id = one(question, "model")
    words = set(question.words)
    if model_id is None or not words & _OPEN or words & FUTURE or len(question.mentions) > 1:
        return None
    if left(catalog, question, "open"):
        return None
    model = catalog.models[model_id]
    if model.open_weights is None:
        return decline(catalog, question, f"whether {model.name} is open weights")
    asked_open = not words & _CLOSED
    if question.negated:
        asked_open = not asked_open
    said = "is open weights" if model.open_weights else "is not open weights: it is closed"
    return reply(catalog, f"{verdict(model.open_weights == asked_open)} {model.name} {said}.", (),
                 f"/compare {model.name}", [(model.source, model.as_of)])


def _released(catalog: Catalog, question: Question) -> Answer | None:
    model_id = one(question, "model")
    if model_id is None or question.when is None or not set(question.words) & _RELEASE:
        return None
    if left(catalog, question, "when"):
        return None
    model = catalog.models[model_id]
    if not model.released:
        return decline(catalog, question, f"when {model.name} was released")
    asked = question.when
    parts = [int(p) for p in model.released.split("-")]
    known = dict(zip(("year", "month", "day"), parts))
    wanted = {k: v for k, v in (("year", asked.year), ("month", asked.month), ("day", asked.day)) if v is not None}
    if any(k not in known for k in wanted) and all(known.get(k) == v for k, v in wanted.items() if k in known):
        return decline(catalog, question, f"the day {model.name} was released; it gives {date(model.released)}")
    holds = all(known.get(k) == v for k, v in wanted.items())
    at = "on" if len(parts) == 3 else "in"
    return reply(catalog, f"{verdict(holds)} {model.name} was released {at} {date(model.released)}.", (),
                 f"/rank {model.name}", [(model.source, model.as_of)])


def _maker(catalog: Catalog, question: Question) -> Answer | None:
    model_id, orgs = one(question, "model"), question.of("org")
    if model_id is None or len(orgs) != 1 or not set(question.words) & _MAKER or left(catalog, question, "maker"):
        return None
    if set(question.words) & {"before", "after"}:
        return None  # 'did MSL get created before Llama 4' asks an order, not a maker
    model = catalog.models[model_id]
    if not model.maker:
        return decline(catalog, question, f"who makes {model.name}")
    makers, org = [model.maker], catalog.organizations.get(model.maker)
    while org is not None and org.part_of and org.part_of not in makers:
        makers.append(org.part_of)
        org = catalog.organizations.get(org.part_of)
    return reply(catalog, f"{verdict(orgs[0] in makers)} {model.name} is made by {catalog.label(model.maker)}.", (),
                 f"/compare {model.name}", [(model.source, model.as_of)])


def _margin_holds(gap: float, margin: list[str]) -> bool:
    """Whether a gap is the margin stated after 'by' ('by more than 5', 'by less than 3', 'by 2.7')."""
    stated = next((float(w.replace(",", "").strip("%$")) for w in margin
                   if w.replace(",", "").strip("%$").replace(".", "", 1).isdigit()), None)
    if stated is None:
        return True
    if set(margin) & {"more", "over", "least", "above"}:
        return gap > stated
    if set(margin) & {"less", "under", "below", "fewer"}:
        return gap < stated
    return abs(gap - stated) < 1e-9


def _versus(catalog: Catalog, question: Question) -> Answer | None:
    models, benches = question.of("model"), question.of("benchmark")
    if len(models) != 2 or len(benches) != 1 or left(catalog, question, "compare", "best", "score"):
        return None
    first, second = (catalog.models[m] for m in models)
    bench = catalog.benchmarks[benches[0]]
    by = question.words.index("by") if "by" in question.words and question.numbers else len(question.words)
    words, margin = set(question.words[:by]), question.words[by + 1 :]  # 'ahead … by more than 5': the margin
    first_wins = not words & _LOSING
    if question.negated:
        first_wins = not first_wins
    scores = {s.model: s for s in catalog.rankings[bench.id]}
    a, b = scores.get(first.id), scores.get(second.id)
    cited = [(s.source, s.as_of) for s in (a, b) if s is not None]
    if a is not None and b is not None:
        if words & _TIED:  # 'A and B are tied on X, right?'
            holds = (a.value == b.value) != question.negated
        elif words & (_MORE | _LESS) and not words & _BETTER:  # 'used more tokens than': the value, not the rank
            holds = a.value != b.value and ((a.value > b.value) == bool(words & _MORE)) != question.negated
        else:
            holds = a.value != b.value and catalog.better(bench, a.value, b.value) == first_wins
        if margin:
            holds = holds and _margin_holds(abs(a.value - b.value), margin)
        return reply(catalog, f"{verdict(holds)} {versus(catalog, bench, first, a, second, b)}", (),
                     f"/rank {bench.name}", cited)
    for relation in bench.relations:
        if relation.relation == "ahead_of" and {relation.model, *relation.than} >= {first.id, second.id}:
            ahead = relation.model
            holds = (ahead == first.id) == first_wins
            return reply(catalog, f"{verdict(holds)} The source says: “{relation.statement}”", (),
                         f"/rank {bench.name}", cited + [(relation.source, relation.as_of)])
    said = [r for r in bench.relations if {r.model, *r.than} & {first.id, second.id}]
    if said:  # 'it trails all three frontrunners': stated, though not of these two by name
        return reply(catalog, f"The source gives no scores for both on {bench.name}. It says: “{said[0].statement}”",
                     (), f"/rank {bench.name}", cited + [(r.source, r.as_of) for r in said])
    return decline(catalog, question, f"how {first.name} and {second.name} compare on {bench.name}")


_SCALES = {"K": 1_000, "M": 1_000_000, "B": 1_000_000_000}
"""A unit's scale ('M tokens'): a premise may state the value in full ('157m tokens' is 157,000,000)."""


def _scored(catalog: Catalog, question: Question) -> Answer | None:
    model_id, benches = one(question, "model"), question.of("benchmark")
    numbers = [n.strip("%$") for n in question.numbers if n.strip("%$").replace(",", "").replace(".", "", 1).isdigit()]
    if model_id is None or len(benches) != 1 or len(numbers) != 1 or left(catalog, question, "score"):
        return None
    bench, model = catalog.benchmarks[benches[0]], catalog.models[model_id]
    found = next((s for b, s in catalog.scores_by_model.get(model_id, []) if b.id == bench.id), None)
    if found is None:
        return decline(catalog, question, f"what {model.name} scores on {bench.name}")
    stated = float(numbers[0].replace(",", ""))
    scale = _SCALES.get(bench.unit.split(" ")[0], 1) if " " in bench.unit else 1  # '157m tokens': 157 M tokens
    holds = any(abs(found.value * factor - stated) < 1e-9 * max(1.0, stated) for factor in {1, scale})
    return reply(catalog, f"{verdict(holds)} {standing(catalog, model, bench, found)}", (), f"/rank {bench.name}",
                 [(found.source, found.as_of)])


def _placed(catalog: Catalog, question: Question) -> Answer | None:
    if left(catalog, question, "best", "score", "compare") or question.numbers and not question.has("top"):
        return None
    found = is_placed(catalog, question)
    if found is None:
        return None
    holds, bench = found
    model = catalog.models[one(question, "model")]
    score = next(s for s in catalog.rankings[bench.id] if s.model == model.id)
    return reply(catalog, f"{verdict(holds)} {standing(catalog, model, bench, score)}", (), f"/rank {bench.name}",
                 [(score.source, score.as_of)])



