"""The Service runs a blocking command (one that waits on the database or a platform) off the event loop,
whatever the catalog's size; others stay on the loop while the content is small."""

from __future__ import annotations

import threading

from bot.content.loader import load_catalog
from bot.core import Answer, Core, Request
from bot.core.registry import Command, Registry
from bot.runtime.service import Service
from tests.conftest import CONTENT


def where(blocking: bool) -> Command:
    return Command(name="where", summary="", usage="/where", examples=(), options=(), blocking=blocking,
                   handler=lambda context, request: Answer(title=threading.current_thread().name))


async def test_blocking_commands_run_in_a_worker_thread_and_others_on_the_loop() -> None:
    catalog = load_catalog(CONTENT)
    for blocking in (True, False):
        registry = Registry()
        registry.add(where(blocking))
        service = Service(Core(catalog, registry))
        assert service.inline()  # the shipped content is small
        answer = await service.answer(Request(command="where"))
        on_loop = answer.title == threading.current_thread().name
        assert on_loop is not blocking
