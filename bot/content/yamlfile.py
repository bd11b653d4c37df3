"""Reading one YAML file: a fast parse (yaml-rs), and PyYAML for line numbers when something is wrong.

yaml-rs parses large catalogs about 25 times faster than PyYAML's libyaml loader; PyYAML stays the
reference for locating problems, since it keeps every node's line. It is imported only then.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache
from typing import TYPE_CHECKING, Any

import yaml_rs

if TYPE_CHECKING:
    import yaml

_LINE = re.compile(r"line (\d+)")


class YamlSyntaxError(ValueError):
    """The text is not valid YAML (or repeats a key); `line` is 1-based."""

    def __init__(self, line: int, problem: str) -> None:
        super().__init__(f"line {line}: {problem}")
        self.line = line
        self.problem = problem


@cache
def _loader() -> type:
    """PyYAML's safe loader that keeps dates as text and refuses duplicate keys."""
    import yaml

    base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc,valid-type]
        def construct_mapping(self, node: yaml.MappingNode, deep: bool = False) -> dict[Any, Any]:
            seen: set[Any] = set()
            for key_node, _ in node.value:
                key = self.construct_object(key_node, deep=deep)
                if isinstance(key, (str, int, float, bool)) or key is None:
                    if key in seen:
                        raise yaml.MarkedYAMLError(None, None, f"duplicate key {key!r}", key_node.start_mark)
                    seen.add(key)
            return super().construct_mapping(node, deep=deep)

    Loader.yaml_implicit_resolvers = {
        first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
        for first, resolvers in yaml.SafeLoader.yaml_implicit_resolvers.items()
    }
    return Loader


def load_yaml(text: str, *, keep_last_duplicate: bool = False) -> Any:
    """Parse YAML text into plain Python values (dates stay text); YamlSyntaxError on bad input.

    A key repeated in one mapping is an error, unless `keep_last_duplicate` (then the last one wins).
    """
    policy = yaml_rs.DuplicateKeyPolicy.LastWins if keep_last_duplicate else yaml_rs.DuplicateKeyPolicy.Error
    try:
        return yaml_rs.loads(text, parse_datetime=False, duplicate_key_policy=policy)
    except yaml_rs.YAMLDecodeError as exc:
        raise _located(text, str(exc)) from None


def duplicate_keys(text: str) -> list[tuple[int, str]]:
    """(line, key) of every key that repeats within its mapping; [] if none or the text does not parse."""
    found: list[tuple[int, str]] = []
    stack = [compose(text)]
    while stack:
        node = stack.pop()
        children = getattr(node, "value", None)
        if not isinstance(children, list):
            continue
        seen: set[str] = set()
        for child in children:
            if isinstance(child, tuple):
                key, value = child
                if key.value in seen:
                    found.append((key.start_mark.line + 1, str(key.value)))
                seen.add(key.value)
                stack.append(value)
            else:
                stack.append(child)
    return sorted(found)


def _located(text: str, message: str) -> YamlSyntaxError:
    """The problem with its line, from PyYAML where it agrees, else from yaml-rs' message."""
    import yaml

    try:
        yaml.load(text, Loader=_loader())
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else 1
        problem = str(exc.problem or exc.context)
        if exc.problem and exc.context and exc.context_mark and exc.context_mark.line + 1 != line:
            problem += f" ({exc.context} from line {exc.context_mark.line + 1})"  # where an unclosed quote opened
        return YamlSyntaxError(line, problem)
    except yaml.YAMLError:
        pass
    match = _LINE.search(message)
    return YamlSyntaxError(int(match.group(1)) if match else 1, message.splitlines()[0])


def compose(text: str) -> yaml.Node | None:
    """PyYAML's node tree of `text` (each node knows its line), or None if it does not parse."""
    import yaml

    try:
        return yaml.compose(text, Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    except yaml.YAMLError:
        return None


def line_of(node: yaml.Node | None, path: Sequence[str | int]) -> int:
    """The 1-based line of the deepest node along `path` (keys and list indexes) from `node`."""
    import yaml

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
