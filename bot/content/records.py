"""Validating one record, and when it is wrong, finding every problem in it (not just the first)."""

from __future__ import annotations

import re
import typing
from typing import Any

import msgspec

from bot.content.schema import partial_date

Loc = tuple[str | int, ...]
_AT = re.compile(r"^(?P<message>.*?)(?: - at `\$(?P<path>[^`]*)`)?$", re.DOTALL)
_STEP = re.compile(r"\.([^.\[]+)|\[(\d+)\]")
_UNKNOWN = re.compile(r"^Object contains unknown field `(?P<field>[^`]+)`")
_MISSING = re.compile(r"^Object missing required field `(?P<field>[^`]+)`")


def validate(record_type: type, data: Any) -> tuple[Any | None, list[tuple[Loc, str]]]:
    """(record, []) when `data` is valid, else (None, every problem as (location, message))."""
    try:
        return msgspec.convert(data, record_type, strict=False), []
    except msgspec.ValidationError as exc:
        return None, problems(record_type, data) or [_parsed(str(exc))]


def problems(record_type: type, data: Any) -> list[tuple[Loc, str]]:
    """Every problem in `data` as a `record_type`: field by field, and item by item in lists."""
    if not isinstance(data, dict):
        return [((), f"must be a mapping of fields, not {type(data).__name__}")]
    fields = {field.encode_name: field for field in msgspec.structs.fields(record_type)}
    found: list[tuple[Loc, str]] = [((key,), "unknown field") for key in data if key not in fields]
    found += [((), f"missing required field {name!r}") for name, f in fields.items() if f.required and name not in data]
    for key, value in data.items():
        if key in fields:
            found += [((key, *loc), message) for loc, message in _field_problems(fields[key].type, value)]
    for name in getattr(record_type, "partial_dates", ()):
        if data.get(name) is not None and not any(loc[:1] == (name,) for loc, _ in found):
            try:
                partial_date(data[name])
            except ValueError as exc:
                found.append(((name,), str(exc)))
    return found


def _field_problems(field_type: Any, value: Any) -> list[tuple[Loc, str]]:
    item = _struct_item(field_type)
    if item is not None and isinstance(value, list):
        found: list[tuple[Loc, str]] = []
        for index, element in enumerate(value):
            found += [((index, *loc), message) for loc, message in validate(item, element)[1]]
        return found
    try:
        msgspec.convert(value, field_type, strict=False)
    except msgspec.ValidationError as exc:
        return [_parsed(str(exc))]
    return []


def _struct_item(field_type: Any) -> type | None:
    """The Struct type T when `field_type` is list[T], else None."""
    if typing.get_origin(field_type) is list:
        (item,) = typing.get_args(field_type)
        if isinstance(item, type) and issubclass(item, msgspec.Struct):
            return item
    return None


def _parsed(error: str) -> tuple[Loc, str]:
    """msgspec's 'Expected `float`, got `str` - at `$.scores[2].value`' as (loc, message)."""
    match = _AT.match(error)
    message, path = match.group("message"), match.group("path") or ""
    loc: Loc = tuple(name if name is not None else int(index) for name, index in _STEP.findall(path))
    if unknown := _UNKNOWN.match(message):
        return (*loc, unknown.group("field")), "unknown field"
    if missing := _MISSING.match(message):
        return loc, f"missing required field {missing.group('field')!r}"
    if message.startswith("Invalid RFC3339 encoded date"):
        return loc, "not a real date; write YYYY-MM-DD"
    if message.startswith(("Expected `float` >=", "Expected `float` <=")):
        return loc, "must be a finite number"
    if message.startswith("Invalid enum value"):
        return loc, f"{message.removeprefix('Invalid enum value ')} is not one of the allowed values"
    return loc, message
