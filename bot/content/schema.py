"""The content schema: what content/*.yaml may hold. `newsbot schema` prints it as JSON Schema.

Records are msgspec Structs: immutable, unknown fields refused, and cheap to import and validate.
"""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Any, ClassVar, Literal

import msgspec
from msgspec import Meta
from msgspec.structs import force_setattr

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")

Id = Annotated[str, Meta(pattern=r"^[a-z0-9][a-z0-9.\-]*$", max_length=80, description="lower-case id: a-z 0-9 . -")]
Text = Annotated[str, Meta(min_length=1, max_length=4000)]
Name = Annotated[str, Meta(min_length=1, max_length=120)]
Unit = Annotated[str, Meta(max_length=20)]
Word = Annotated[str, Meta(min_length=1, max_length=40, description="One word, no spaces")]
ReleasedNote = Annotated[
    str, Meta(min_length=1, max_length=300, description="What the sources say of a release date they do not give")
]
Phrase = Annotated[str, Meta(min_length=1, max_length=60, description="A word or short phrase")]
FullDate = Annotated[dt.date, Meta(description="YYYY-MM-DD")]
PartialDate = Annotated[str | int, Meta(description="YYYY, YYYY-MM or YYYY-MM-DD: the form is the precision")]


def partial_date(value: str | int) -> str:
    """Check a YYYY, YYYY-MM or YYYY-MM-DD date (a real one) and return it as text."""
    text = str(value)
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    return text


class Record(msgspec.Struct, frozen=True, forbid_unknown_fields=True, kw_only=True):
    """Common settings: unknown fields are errors, records are immutable."""

    partial_dates: ClassVar[tuple[str, ...]] = ()


class WithPartialDates(Record, frozen=True, kw_only=True):
    """A record with YYYY, YYYY-MM or YYYY-MM-DD dates (named by `partial_dates`): each is checked
    (2026-02-30 is refused) and kept as text. Only these records pay for the check."""

    def __post_init__(self) -> None:
        for name in self.partial_dates:
            value = getattr(self, name)
            if value is not None:
                force_setattr(self, name, partial_date(value))


class Sourced(Record, frozen=True, kw_only=True):
    source: Annotated[Id, Meta(description="Id of the source in sources.yaml")]
    as_of: Annotated[FullDate, Meta(description="Date the fact was true, YYYY-MM-DD")]


class Fact(Sourced, frozen=True, kw_only=True):
    text: Text


class Source(Record, frozen=True, kw_only=True):
    id: Id
    title: Name
    published: FullDate
    url: str | None = None
    file: Annotated[
        str,
        Meta(min_length=1, max_length=300, description="The source's own text: a Markdown or text file, its path "
             "relative to the content directory (sources/article.md); /ask answers from its sentences"),
    ] | None = None
    note: Text | None = None


class Organization(Record, frozen=True, kw_only=True):
    id: Id
    name: Name
    aliases: list[Name] = []
    part_of: Annotated[Id | None, Meta(description="Id of the organization it belongs to (MSL: meta)")] = None
    products: Annotated[list[Name], Meta(description="Its products' names that the sources mention")] = []
    facts: list[Fact] = []


class Model(Sourced, WithPartialDates, frozen=True, kw_only=True):
    id: Id
    name: Name
    maker: Annotated[Id | None, Meta(description="Organization id; leave out when the sources do not say")] = None
    aliases: list[Name] = []
    released: PartialDate | None = None
    released_note: ReleasedNote | None = None
    open_weights: bool | None = None
    availability: Text | None = None
    modes: list[Name] = []
    facts: list[Fact] = []
    partial_dates: ClassVar[tuple[str, ...]] = ("released",)


class Score(Sourced, frozen=True, kw_only=True):
    """A score; source and as_of default to the benchmark's."""

    model: Id
    value: Annotated[float, Meta(ge=-1e15, le=1e15, description="A finite number")]
    mode: Annotated[Name | None, Meta(description="e.g. Contemplating; one of the model's modes")] = None


class Relation(Sourced, frozen=True, kw_only=True):
    model: Id
    relation: Literal["ahead_of", "behind", "comparable"]
    than: Annotated[list[Id], Meta(description="Models the statement names; may be empty")] = []
    statement: Annotated[Text, Meta(description="What the source says, word for word")]


class Benchmark(Record, frozen=True, kw_only=True):
    id: Id
    name: Name
    aliases: list[Name] = []
    by: Annotated[Id | None, Meta(description="Organization id of who runs it")] = None
    unit: Unit = ""
    direction: Annotated[Literal["higher", "lower"], Meta(description="Which way is better")]
    measures: Text | None = None
    source: Annotated[Id | None, Meta(description="Source of every score that names none")] = None
    as_of: Annotated[FullDate | None, Meta(description="As-of date of every score that gives none")] = None
    scores: list[Score] = []
    relations: list[Relation] = []


class Event(WithPartialDates, frozen=True, kw_only=True):
    id: Id
    date: PartialDate
    title: Text
    detail: Text | None = None
    entities: Annotated[list[Id], Meta(description="Model or organization ids")] = []
    source: Id
    partial_dates: ClassVar[tuple[str, ...]] = ("date",)


class FaqEntry(Record, frozen=True, kw_only=True):
    id: Id
    question: Text
    answer: Text
    also: Annotated[list[Text], Meta(description="Other phrasings of the question")] = []
    source: Id


class Synonym(Record, frozen=True, kw_only=True):
    """A word people type for something the content says in other words ('layoffs' -> 'fires')."""

    word: Word
    means: Annotated[list[Phrase], Meta(min_length=1, description="Words or phrases as the content writes them")]


class Feed(Record, frozen=True, kw_only=True):
    """An RSS or Atom feed `newsbot run` follows; its items are tagged with the models they mention."""

    id: Id
    url: Annotated[str, Meta(min_length=1, max_length=2000, description="http:// or https:// address of the feed")]
    name: Name
    tags: Annotated[list[Id], Meta(description="Model or organization ids every item of this feed is about")] = []


class ContentFile(Record, frozen=True, kw_only=True):
    """One YAML file. Any file may hold any of these sections; the loader merges them."""

    sources: list[Source] = []
    organizations: list[Organization] = []
    models: list[Model] = []
    benchmarks: list[Benchmark] = []
    events: list[Event] = []
    faq: list[FaqEntry] = []
    synonyms: list[Synonym] = []
    feeds: list[Feed] = []


SECTIONS: dict[str, type[Record]] = {
    "sources": Source,
    "organizations": Organization,
    "models": Model,
    "benchmarks": Benchmark,
    "events": Event,
    "faq": FaqEntry,
    "synonyms": Synonym,
    "feeds": Feed,
}


def inherit_score_sources(benchmark: Any) -> None:
    """Scores without their own source or as-of date take the benchmark's (on the raw YAML data)."""
    if not isinstance(benchmark, dict) or not isinstance(benchmark.get("scores"), list):
        return
    defaults = {k: benchmark[k] for k in ("source", "as_of") if benchmark.get(k) is not None}
    if defaults:
        benchmark["scores"] = [{**defaults, **score} if isinstance(score, dict) else score for score in benchmark["scores"]]


def json_schema() -> dict[str, Any]:
    """The JSON Schema of one content file, for editors."""
    schema = msgspec.json.schema(ContentFile)
    score = schema["$defs"]["Score"]
    score["required"] = [name for name in score["required"] if name not in ("source", "as_of")]
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsbot content file"
    return schema
