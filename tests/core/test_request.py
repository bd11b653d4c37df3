"""Request and Channel: structured, passed by name, and kept whole through the core."""

from __future__ import annotations

from dataclasses import fields

from bot.core import Channel, Core, Request
from bot.core.registry import Command, Registry


def test_channel_prints_as_one_log_token():
    assert str(Channel("slack", "T1", "C1")) == "T1/C1"
    assert str(Channel("discord", "G1", "C1", "TH1")) == "G1/C1/TH1"
    assert str(Channel("discord", "", "D1")) == "D1"
    assert str(Channel()) == "console"


def test_the_core_passes_every_field_on_to_the_command(catalog):
    seen: list[Request] = []
    registry = Registry()
    registry.add(Command("echo", "echo", "/echo", (), (), lambda context, request: seen.append(request) or None))
    channel = Channel("discord", "G1", "C1", "TH1")
    request = Request("ECHO", "  hi  ", {"a": "b"}, user="U1", channel=channel, can_manage=True, page=0)
    Core(catalog, registry).handle(request)
    handled = seen[0]
    assert (handled.command, handled.text, handled.page) == ("echo", "hi", 1)  # cleaned
    unchanged = {f.name for f in fields(Request)} - {"command", "text", "options", "page"}
    assert {name: getattr(handled, name) for name in unchanged} == {name: getattr(request, name) for name in unchanged}
    assert handled.platform == "discord"
