"""The layers hold: content -> core -> render -> adapters -> runtime, with the store as a leaf.

Walks every module's imports (AST, so lazy imports inside functions count too) and fails on an arrow
that points backwards, or on a platform, web, database, scheduler or plotting library where the
platform-neutral layers must not have one.
"""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from tests.conftest import ROOT

BOT = ROOT / "bot"
LIBRARIES = (
    "discord", "slack_bolt", "slack_sdk", "aiohttp", "sqlalchemy", "alembic", "psycopg", "apscheduler",
    "matplotlib", "prometheus_client", "watchfiles", "pydantic", "tenacity",
)
RULES: dict[str, tuple[str, ...]] = {
    # package: module prefixes its code may not import
    "bot/content": ("bot.core", "bot.render", "bot.adapters", "bot.runtime", "bot.store", *LIBRARIES),
    "bot/core": ("bot.render", "bot.adapters", "bot.runtime", "bot.store", *LIBRARIES),
    "bot/render": ("bot.adapters", "bot.runtime", "bot.store"),
    "bot/adapters": ("bot.runtime", "bot.store"),
    "bot/store": ("bot.content", "bot.core", "bot.render", "bot.adapters", "bot.runtime"),
}


def imports(path: Path) -> Iterator[tuple[int, str]]:
    """(line, imported module) for every import statement in `path`, lazy ones included."""
    for node in ast.walk(ast.parse(path.read_text(), str(path))):
        if isinstance(node, ast.Import):
            yield from ((node.lineno, alias.name) for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module and node.level == 0:
            yield node.lineno, node.module


def forbidden(module: str, prefixes: tuple[str, ...]) -> bool:
    return any(module == prefix or module.startswith(prefix + ".") for prefix in prefixes)


@pytest.mark.parametrize("package", sorted(RULES))
def test_no_import_points_against_the_layers(package: str):
    modules = sorted((ROOT / package).rglob("*.py"))
    assert modules, f"{package} has no modules: the rule would check nothing"
    wrong = [
        f"{path.relative_to(ROOT)}:{line}: imports {module}"
        for path in modules
        for line, module in imports(path)
        if forbidden(module, RULES[package])
    ]
    assert not wrong, "\n".join(wrong)


def test_the_check_sees_a_backward_import(tmp_path: Path):
    sample = tmp_path / "sample.py"
    sample.write_text("def lazy():\n    from bot.runtime.service import Service\n")
    assert [module for _, module in imports(sample) if forbidden(module, RULES["bot/adapters"])] == [
        "bot.runtime.service"
    ]
