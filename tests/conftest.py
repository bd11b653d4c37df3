"""Shared fixtures: the shipped content, a core over it, and a helper to ask it things."""

from __future__ import annotations

from pathlib import Path

import pytest

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog
from bot.core import Answer, Core, Request

ROOT = Path(__file__).resolve().parent.parent
CONTENT = ROOT / "content"
ARTICLE = ROOT.parent / "shared" / "sources" / "muse-spark-launch-article.txt"


@pytest.fixture(scope="session")
def catalog() -> Catalog:
    return load_catalog(CONTENT)


@pytest.fixture(scope="session")
def core(catalog: Catalog) -> Core:
    return Core(catalog)


@pytest.fixture
def ask(core: Core):
    """ask('/rank hle') -> Answer, exactly as a user would type it."""

    def _ask(line: str) -> Answer:
        return core.handle(Request.parse(line))

    return _ask
