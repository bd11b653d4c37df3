"""Files in the fake Discord's requests: discord.py sends a message with files as multipart/form-data,
its JSON in the part `payload_json` and each file in a part `files[n]`, as Discord documents."""

from __future__ import annotations

import json
from dataclasses import dataclass
from typing import Any

from aiohttp import web

PNG = b"\x89PNG\r\n\x1a\n"


@dataclass(frozen=True)
class Upload:
    """One file part: the form field (`files[0]`), its file name and its bytes."""

    field: str
    filename: str
    data: bytes


async def read_body(request: web.Request) -> tuple[Any, list[Upload]]:
    """The request's JSON (the `payload_json` part of a multipart request) and its files."""
    if not request.can_read_body:
        return None, []
    if not request.content_type.startswith("multipart/"):
        return await request.json(), []
    body: Any = None
    uploads: list[Upload] = []
    reader = await request.multipart()
    while (part := await reader.next()) is not None:
        data = await part.read()  # type: ignore[union-attr]
        if part.name == "payload_json":
            body = json.loads(data)
        else:
            uploads.append(Upload(part.name or "", part.filename or "", bytes(data)))  # type: ignore[union-attr]
    return body, uploads
