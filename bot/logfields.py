"""Values from outside (user text, request fields) made safe for one-line logs, in every layer."""

from __future__ import annotations

import json
import re

__all__ = ["LOG_VALUE_MAX", "capped", "quoted"]

LOG_VALUE_MAX = 100
_PLAIN = re.compile(r"[\w.:/@#+-]*")


def capped(value: object) -> object:
    """A log field's value, cut to LOG_VALUE_MAX characters if it is text."""
    return value[:LOG_VALUE_MAX] + "…" if isinstance(value, str) and len(value) > LOG_VALUE_MAX else value


def quoted(value: object) -> str:
    """A value as it appears in a one-line `key=value` log: capped, and JSON-quoted unless plain, so it
    can forge neither a line nor a field."""
    text = str(capped(value))
    return text if _PLAIN.fullmatch(text) else json.dumps(text)
