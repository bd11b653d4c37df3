""".env.example lists every setting with its default, as the Settings model says (regenerate it with
`python -m bot.runtime.env_example > .env.example` when this fails)."""

from __future__ import annotations

import re

from bot.runtime.config import PREFIX
from bot.runtime.env_example import env_example
from bot.runtime.settings import Settings, load_settings
from tests.conftest import ROOT

EXAMPLE = ROOT / ".env.example"


def test_env_example_is_up_to_date():
    assert EXAMPLE.read_text(encoding="utf-8") == env_example(), (
        "a setting was added or changed: run `python -m bot.runtime.env_example > .env.example`"
    )


def test_every_setting_is_listed_once_and_uncommented_gives_the_defaults():
    assignments = re.findall(r"(?m)^#([A-Z_]+)=(.*)$", EXAMPLE.read_text(encoding="utf-8"))
    assert sorted(name.removeprefix(PREFIX) for name, _ in assignments) == sorted(Settings.model_fields)
    assert all(line.startswith("#") or not line for line in EXAMPLE.read_text(encoding="utf-8").splitlines())
    assert load_settings(dict(assignments)) == load_settings({})
