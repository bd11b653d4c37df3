"""`.env.example`: every setting with its default and meaning, generated from the Settings model so it
cannot drift (tests/runtime/test_env_example.py fails when it is out of date). Write it with
`python -m bot.runtime.env_example > .env.example`."""

from __future__ import annotations

from pathlib import PurePath

from pydantic import SecretStr

from bot.runtime.config import PREFIX, PREFIXED, SECRETS
from bot.runtime.settings import Settings

HEADER = """\
# newsbot settings, each with its default. Copy this file to .env and uncomment what you change.
# A secret may instead be read from a file: NAME_FILE=/run/secrets/name (setting both is an error).
# Generated from bot/runtime/settings.py by `python -m bot.runtime.env_example > .env.example`.
"""


def shown(value: object) -> str:
    """A default as it is written in an environment variable."""
    if value is None:
        return ""
    if isinstance(value, SecretStr):
        return value.get_secret_value()
    if isinstance(value, bool):
        return str(value).lower()
    if isinstance(value, float):
        return f"{value:g}"
    if isinstance(value, tuple):
        return ",".join(shown(part) for part in value)
    if isinstance(value, PurePath):
        return str(value)
    return str(value)


def env_example() -> str:
    """The text of .env.example."""
    parts = [HEADER]
    for name, field in Settings.model_fields.items():
        note = f" (or {name})" if name in PREFIXED else f" (secret; or {name}_FILE)" if name in SECRETS else ""
        variable = PREFIX + name if name in PREFIXED else name
        parts.append(f"# {field.description}{note}\n#{variable}={shown(field.default)}\n")
    return "\n".join(parts)


if __name__ == "__main__":
    print(env_example(), end="")
