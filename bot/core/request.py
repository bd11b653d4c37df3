"""Request: what an adapter hands the core, whatever the platform."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Request:
    """One command invocation.

    command: name without the slash ('rank'). text: the raw argument text, as typed.
    options: structured options when the platform has them (Discord), by option name.
    user / where / platform: who asked, in which channel, on which platform (for logs and digests).
    page: which page of a long answer to return, from 1.
    """

    command: str
    text: str = ""
    options: Mapping[str, str | int] = field(default_factory=dict)
    user: str = ""
    where: str = ""
    platform: str = "console"
    page: int = 1

    @classmethod
    def parse(cls, line: str, **context: str) -> Request:
        """Split a typed line such as '/rank hle top 3' into a Request."""
        stripped = line.strip()
        head, _, rest = stripped.partition(" ")
        return cls(command=head.lstrip("/").lower(), text=rest.strip(), **context)
