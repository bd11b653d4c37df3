"""Questions a model's own fields answer: when it was released, whether it is open weights (and which
models are), who makes it, and how it is available."""

from __future__ import annotations

from dataclasses import replace

from bot.content.catalog import Catalog
from bot.content.schema import Model
from bot.core.answer import Answer
from bot.core.ask.cover import covering
from bot.core.ask.fit import fits
from bot.core.ask.lexicon import lexicon
from bot.core.ask.question import FUTURE, INTENT_WORDS, Question
from bot.core.ask.reply import NOT_A_VALUE, decline, left, one, quoted, reply, unaccounted
from bot.core.text import date


def when(catalog: Catalog, question: Question) -> Answer | None:
    """'When was X released': the model's date at its precision; else the dated event that covers the words."""
    terse = question.slot.kind == "terse" and set(question.words) & {"date", "released", "release", "launch"}
    if not (question.slot.kind == "date" or terse or question.yesno and question.when):
        return None
    model_id = one(question, "model")
    if model_id is not None and not left(catalog, question, "when") and len(question.mentions) == 1 and (
        not question.date or (catalog.models[model_id].released or "").startswith(question.date)
    ):
        model = catalog.models[model_id]
        note = getattr(model, "released_note", None)
        if not model.released and note and "day" in question.words:
            unsaid = decline(catalog, question, f"on what day {model.name} was released")
            return replace(unsaid, lines=(note, *unsaid.lines))  # 'what exact day': the note says what it gives
        if not model.released and note:
            return reply(catalog, note, (), f"/rank {model.name}", [(model.source, model.as_of)])
        if model.released:
            at = "on" if len(model.released) == 10 else "in"
            return reply(catalog, f"{model.name} was released {at} {date(model.released)}.",
                         (note,) if note else (), f"/rank {model.name}", [(model.source, model.as_of)])
    words = [w for w in unaccounted(question, "events", "when") if w not in {"day", "year", "month", "time"}]
    found = covering(catalog, lexicon(catalog), question, words, dated=True)
    found = [f for f in found if fits(catalog, question, f[1])]
    if found:
        return quoted(catalog, question, lexicon(catalog).passages[found[0][1]])
    if model_id is not None and not words:
        return decline(catalog, question, f"when {catalog.models[model_id].name} was released")
    return decline(catalog, question)


def is_open(catalog: Catalog, question: Question) -> Answer | None:
    """'Is X open source / open weights / downloadable'."""
    model_id = one(question, "model")
    if model_id is None or not set(question.words) & {"open", "weights", "download", "closed"}:
        return None
    if left(catalog, question, "open") or len(question.mentions) > 1 or set(question.words) & FUTURE:
        return None  # 'will X be open source' asks about the future: a stated passage, or a decline
    model = catalog.models[model_id]
    if model.open_weights is None:
        return decline(catalog, question, f"whether {model.name} is open weights")
    said = "is open weights" if model.open_weights else "is not open weights: it is closed"
    return reply(catalog, f"{model.name} {said}.", (), f"/compare {model.name}", [(model.source, model.as_of)])


def which_open(catalog: Catalog, question: Question) -> Answer | None:
    """'Which models are open weights / closed': the models whose open-weights field says so."""
    words = set(question.words)
    if question.mentions or not words & {"which", "what"} or not words & {"open", "closed", "weights"}:
        return None
    if left(catalog, question, "open") or not words & {"model", "models"}:
        return None
    wanted = not ("closed" in words or words & {"not", "aren't", "isn't"})
    found = [m for m in catalog.models.values() if m.open_weights is wanted]
    if not found:
        return decline(catalog, question)
    names = ", ".join(m.name for m in found)
    unknown = [m.name for m in catalog.models.values() if m.open_weights is None]
    said = "open weights" if wanted else "closed (not open weights)"
    verb = "is" if len(found) == 1 else "are"
    note = (f"The source does not say for {', '.join(unknown)}.",) if unknown else ()
    return reply(catalog, f"Of the models the source covers, {names} {verb} {said}.", note,
                 f"/compare {found[0].name}", [(m.source, m.as_of) for m in found])


def maker(catalog: Catalog, question: Question) -> Answer | None:
    """'Who made X'."""
    model_id = one(question, "model")
    if model_id is None or "who" not in question.words and question.slot.kind != "org" and not set(
            question.words) & {"maker", "company", "lab"}:
        return None
    model = catalog.models[model_id]
    makers = {model.maker, getattr(catalog.organizations.get(model.maker or ""), "part_of", None)}
    others = [m for m in question.mentions if m.id != model_id and m.id not in makers]
    if left(catalog, question, "maker") or others:  # 'which team at Meta built X': Meta is the maker's own
        return None
    return _field(catalog, question, model, model.maker, f"who makes {model.name}",
                  f"{model.name} is made by {catalog.label(model.maker or '')}.")


def access(catalog: Catalog, question: Question) -> Answer | None:
    """'Does X have an API / where can I use X': the availability the content states."""
    model_id = one(question, "model")
    if model_id is None or not set(question.content) & INTENT_WORDS["access"] or left(catalog, question, "access"):
        return None
    if question.slot.kind in NOT_A_VALUE - {"access", "act", "thing"}:
        return None  # 'how much does the API cost': a price, which availability does not give
    if question.slot.kind == "manner" and question.slot.head not in INTENT_WORDS["access"]:
        return None  # 'how did developers react to X' asks a reaction, not how X is available
    if len(question.mentions) > 1:
        return None
    model = catalog.models[model_id]
    return _field(catalog, question, model, model.availability, f"how {model.name} is available",
                  f"{model.name}: {model.availability}")


def _field(catalog: Catalog, question: Question, model: Model, value: object, unsaid: str, said: str) -> Answer:
    """`said` when the model's field holds a value, else a decline saying what the source does not say."""
    if not value:
        return decline(catalog, question, unsaid)
    return reply(catalog, said, (), f"/compare {model.name}", [(model.source, model.as_of)])
