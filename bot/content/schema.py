"""The content schema: what content/*.yaml may hold. `newsbot schema` prints it as JSON Schema."""

from __future__ import annotations

import datetime as dt
import re
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, BeforeValidator, ConfigDict, Field, StringConstraints, model_validator

_DATE = re.compile(r"^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?$")


def _check_partial_date(text: str) -> str:
    match = _DATE.match(text)
    if not match:
        raise ValueError(f"{text!r} is not a date; write YYYY, YYYY-MM or YYYY-MM-DD")
    year, month, day = (int(g) if g else None for g in match.groups())
    try:
        dt.date(year, month or 1, day or 1)
    except ValueError as exc:
        raise ValueError(f"{text!r} is not a real date ({exc})") from None
    return text


Id = Annotated[str, StringConstraints(pattern=r"^[a-z0-9][a-z0-9.\-]*$", max_length=80)]
Text = Annotated[str, StringConstraints(min_length=1, max_length=4000, strip_whitespace=True)]
Name = Annotated[str, StringConstraints(min_length=1, max_length=120, strip_whitespace=True)]
def _year_as_text(value: object) -> object:
    return str(value) if isinstance(value, int) and not isinstance(value, bool) else value


PartialDate = Annotated[str, BeforeValidator(_year_as_text), AfterValidator(_check_partial_date)]
FullDate = dt.date


class Record(BaseModel):
    """Common settings: unknown fields are errors, records are immutable."""

    model_config = ConfigDict(extra="forbid", frozen=True)


class Sourced(Record):
    source: Id = Field(description="Id of the source in sources.yaml")
    as_of: FullDate = Field(description="Date the fact was true, YYYY-MM-DD")


class Fact(Sourced):
    text: Text


class Source(Record):
    id: Id
    title: Name
    published: FullDate
    url: str | None = None
    file: str | None = None
    note: Text | None = None


class Organization(Record):
    id: Id
    name: Name
    aliases: list[Name] = []
    facts: list[Fact] = []


class Model(Sourced):
    id: Id
    name: Name
    maker: Id | None = Field(None, description="Organization id; leave out when the sources do not say")
    aliases: list[Name] = []
    released: PartialDate | None = Field(None, description="YYYY, YYYY-MM or YYYY-MM-DD: the form is the precision")
    open_weights: bool | None = None
    availability: Text | None = None
    modes: list[Name] = []
    facts: list[Fact] = []


class Score(Sourced):
    model: Id
    value: float
    mode: Name | None = Field(None, description="e.g. Contemplating; must be one of the model's modes")


class Relation(Sourced):
    model: Id
    relation: Literal["ahead_of", "behind", "comparable"]
    than: list[Id] = Field([], description="Models the statement names; may be empty")
    statement: Text = Field(description="What the source says, word for word")


class Benchmark(Record):
    id: Id
    name: Name
    aliases: list[Name] = []
    by: Id | None = Field(None, description="Organization id of who runs it")
    unit: Annotated[str, StringConstraints(max_length=20)] = ""
    direction: Literal["higher", "lower"] = Field(description="Which way is better")
    measures: Text | None = None
    source: Id | None = Field(None, description="Source of every score that names none")
    as_of: FullDate | None = Field(None, description="As-of date of every score that gives none")
    scores: list[Score] = []
    relations: list[Relation] = []

    @model_validator(mode="before")
    @classmethod
    def _inherit_source(cls, data: object) -> object:
        """Scores without their own source or as-of date take the benchmark's."""
        if isinstance(data, dict) and isinstance(data.get("scores"), list):
            defaults = {k: data[k] for k in ("source", "as_of") if data.get(k) is not None}
            if defaults:
                for score in data["scores"]:
                    if isinstance(score, dict):
                        for key, value in defaults.items():
                            score.setdefault(key, value)
        return data


class Event(Record):
    id: Id
    date: PartialDate = Field(description="YYYY, YYYY-MM or YYYY-MM-DD: the form is the precision")
    title: Text
    detail: Text | None = None
    entities: list[Id] = []
    source: Id


class FaqEntry(Record):
    id: Id
    question: Text
    answer: Text
    also: list[Text] = Field([], description="Other phrasings of the question")
    source: Id


class ContentFile(Record):
    """One YAML file. Any file may hold any of these sections; the loader merges them."""

    sources: list[Source] = []
    organizations: list[Organization] = []
    models: list[Model] = []
    benchmarks: list[Benchmark] = []
    events: list[Event] = []
    faq: list[FaqEntry] = []


def json_schema() -> dict:
    """The JSON Schema of one content file, for editors."""
    schema = ContentFile.model_json_schema()
    score = schema["$defs"]["Score"]
    score["required"] = [name for name in score["required"] if name not in ("source", "as_of")]
    score["description"] = "A score; source and as_of default to the benchmark's."
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "newsbot content file"
    return schema
