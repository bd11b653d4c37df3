"""docs/discord.md's invite for posting asks for every permission a digest post needs, and its
`permissions=` integer is the one discord.py computes for them, so neither can drift."""

from __future__ import annotations

import re

import discord
from conftest import CONTENT

DOC = (CONTENT.parent / "docs" / "discord.md").read_text()
POSTING = {
    "View Channel": "view_channel",
    "Send Messages": "send_messages",
    "Embed Links": "embed_links",
    "Attach Files": "attach_files",  # a digest's chart is an attached image
    "Send Messages in Threads": "send_messages_in_threads",
}


def test_the_posting_invite_asks_for_what_a_digest_post_needs() -> None:
    expected = discord.Permissions(**{flag: True for flag in POSTING.values()})
    section = DOC[DOC.index("Posting on the bot's own initiative"):DOC.index("## 3. Configure")]
    assert re.findall(r"permissions=(\d+)", section) == [str(expected.value)]
    for name in POSTING:
        assert f"**{name}**" in section, name
