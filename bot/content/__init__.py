"""Content: the YAML schema, loading with validation, and the in-memory Catalog."""

from bot.content.catalog import Catalog
from bot.content.loader import load_catalog

__all__ = ["Catalog", "load_catalog"]
