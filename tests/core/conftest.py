import pytest

from bench.large_catalog import write_large_catalog
from bot.content.loader import load_catalog
from bot.core import Core


@pytest.fixture(scope="session")
def large_core(tmp_path_factory) -> Core:
    """The benchmark's large catalog: 1,000 models, 100 benchmarks, 10,000 events, 2,000 FAQ."""
    return Core(load_catalog(write_large_catalog(tmp_path_factory.mktemp("large"))))
