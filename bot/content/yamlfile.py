"""Reading one YAML file: a fast parse (yaml-rs), and PyYAML for line numbers when something is wrong.

yaml-rs parses large catalogs about 25 times faster than PyYAML's libyaml loader; PyYAML stays the
reference for locating errors, since it keeps every node's line.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from typing import Any

import yaml
import yaml_rs

_BaseLoader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class DuplicateKeyError(yaml.MarkedYAMLError):
    """A mapping names the same key twice (PyYAML would silently keep the last)."""


class Loader(_BaseLoader):  # type: ignore[misc,valid-type]
    """Safe loader that keeps dates as text and refuses duplicate keys."""

    def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
        seen: set[Any] = set()
        for key_node, _ in node.value:
            key = self.construct_object(key_node, deep=deep)
            if isinstance(key, (str, int, float, bool)) or key is None:
                if key in seen:
                    raise DuplicateKeyError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                seen.add(key)
        return super().construct_mapping(node, deep=deep)


# Dates stay text so the schema can check them (and report 2026-02-30 with its line).
Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
}


_LINE = re.compile(r"line (\d+)")


def load_yaml(text: str) -> Any:
    """Parse YAML text into plain Python values (dates stay text).

    Raises yaml.MarkedYAMLError, with the line, on bad YAML or a duplicate key.
    """
    try:
        return yaml_rs.loads(text, parse_datetime=False)
    except yaml_rs.YAMLDecodeError as exc:
        yaml.load(text, Loader=Loader)  # raises the same problem with its line, in most cases
        match = _LINE.search(str(exc))
        mark = yaml.Mark("", 0, int(match.group(1)) - 1 if match else 0, 0, None, None)
        raise yaml.MarkedYAMLError(problem=str(exc).splitlines()[0], problem_mark=mark) from None


def compose(text: str) -> yaml.Node | None:
    """PyYAML's node tree of `text` (each node knows its line), or None if it does not parse."""
    try:
        return yaml.compose(text, Loader=Loader)
    except yaml.YAMLError:
        return None


def line_of(node: yaml.Node | None, path: Sequence[str | int]) -> int:
    """The 1-based line of the deepest node along `path` (keys and list indexes) from `node`."""
    line = node.start_mark.line + 1 if node is not None else 1
    for step in path:
        child = None
        if isinstance(node, yaml.MappingNode):
            for key_node, value_node in node.value:
                if key_node.value == str(step):
                    child, line = value_node, key_node.start_mark.line + 1
                    break
        elif isinstance(node, yaml.SequenceNode) and isinstance(step, int) and 0 <= step < len(node.value):
            child = node.value[step]
            line = child.start_mark.line + 1
        if child is None:
            break
        node = child
    return line
