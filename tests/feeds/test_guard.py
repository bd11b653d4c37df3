"""Internal addresses are refused on every connection the fetcher makes (the feed's own address, each
redirect hop, IP literals in any form, hostnames that resolve to one, proxies from the environment)
unless FEED_ALLOW_PRIVATE allows them. Every address in 127.0.0.0/8 reaches loopback here: the feed is
served on 127.0.0.2 (allowed) and redirects to the rig's server on 127.0.0.1 (allowed or not)."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from bot.errors import SettingsError
from bot.runtime.feeds.guard import Guard, allowance, refusal
from bot.runtime.settings import load_settings
from tests.fakes.feeds import FeedServer
from tests.feeds.conftest import Rig, fixture

RSS = fixture("rss2.xml")
ONLY_THE_FEED = allowance("127.0.0.2")
HINT = "an internal address (allow it with FEED_ALLOW_PRIVATE)"


@pytest.fixture
async def other() -> AsyncIterator[FeedServer]:
    """A second feed server, on 127.0.0.2."""
    server = await FeedServer("127.0.0.2").start()
    yield server
    await server.close()


async def test_a_redirect_to_a_port_not_allowed_is_refused_then_accepted_once_allowed(rig: Rig, other: FeedServer):
    rig.server.serve("/internal", RSS)
    other.redirect("/feed", rig.server.url("/internal"))
    rig.use(rig.feed("hop", other.url("/feed")))
    refused = rig.poller(allow_private=ONLY_THE_FEED)
    try:
        [result] = await refused.poll_now()
    finally:
        await refused.close()
    assert (result.result, result.state) == ("failed", "failing")
    assert result.reason == f"refused: a redirect to 127.0.0.1, {HINT}"
    assert other.hits("/feed") == 1 and rig.server.hits() == 0  # nothing ever reached the internal port
    [state] = await refused.states()
    assert state.reason == result.reason  # what `newsbot feeds list` shows
    assert refused.metrics.feed_polls.labels("hop", "failed")._value.get() == 1

    allowed = rig.poller(allow_private=allowance("127.0.0.2,127.0.0.1"))
    try:
        [result] = await allowed.poll_now()
    finally:
        await allowed.close()
    assert (result.result, result.new, result.state) == ("new", 4, "ok")
    assert rig.server.hits("/internal") == 1


@pytest.mark.parametrize("host", ["127.0.0.1", "[::ffff:127.0.0.1]", "[::ffff:7f00:1]", "0.0.0.0", "[::1]", "[::]",
                                  "[fec0::1]", "[64:ff9b:1::7f00:1]", "[::ffff:0:7f00:1]"])
async def test_ip_literals_of_internal_addresses_are_refused(rig: Rig, host: str):
    rig.server.serve("/feed", RSS)
    url = f"http://{host}:{rig.server.server.port}/feed"
    result, _ = await rig.poll_once(url, feed_id="literal", allow_private=())
    assert result.result == "failed" and result.reason.startswith("refused: ") and result.reason.endswith(HINT)
    assert rig.server.hits() == 0


@pytest.mark.parametrize("host", ["2130706433", "0x7f000001", "127.1", "017700000001"])
async def test_numeric_forms_of_loopback_are_refused(rig: Rig, host: str):
    """Decimal, hex, short and octal forms that socket functions read as 127.0.0.1."""
    rig.server.serve("/feed", RSS)
    url = f"http://{host}:{rig.server.server.port}/feed"
    result, _ = await rig.poll_once(url, feed_id="numeric", allow_private=ONLY_THE_FEED)
    assert result.result == "failed" and result.reason.startswith("refused:") and rig.server.hits() == 0, result


async def test_a_hostname_that_resolves_to_an_internal_address_is_refused(rig: Rig):
    rig.server.serve("/feed", RSS)
    url = f"http://localhost:{rig.server.server.port}/feed"
    refused, _ = await rig.poll_once(url, feed_id="named", allow_private=ONLY_THE_FEED)
    assert refused.result == "failed" and refused.reason.startswith("refused: localhost resolves to "), refused
    assert refused.reason.endswith(HINT) and rig.server.hits() == 0
    result, _ = await rig.poll_once(url, feed_id="named")  # 127.0.0.1 allowed: localhost's ::1 is dropped
    assert (result.result, result.new) == ("new", 4) and rig.server.hits() == 1


async def test_proxy_variables_do_not_route_round_the_guard(rig: Rig, other: FeedServer, monkeypatch):
    """An allowed server named by *_PROXY must not fetch a refused address on newsbot's behalf."""
    other.routes.clear()
    other.serve("/", RSS)
    for name in ("HTTP_PROXY", "http_proxy", "HTTPS_PROXY", "ALL_PROXY"):
        monkeypatch.setenv(name, other.url("/"))
    rig.server.serve("/feed", RSS)
    result, _ = await rig.poll_once("/feed", feed_id="proxied", allow_private=ONLY_THE_FEED)
    assert result.reason == f"refused: 127.0.0.1 is {HINT}"
    assert other.hits() == rig.server.hits() == 0


async def test_a_redirect_to_a_name_of_an_internal_address_is_refused(rig: Rig, other: FeedServer):
    rig.server.serve("/internal", RSS)
    other.redirect("/feed", f"http://localhost:{rig.server.server.port}/internal")
    result, _ = await rig.poll_once(other.url("/feed"), feed_id="named", allow_private=ONLY_THE_FEED)
    assert result.reason.startswith("refused: a redirect to localhost, which resolves to "), result
    assert result.reason.endswith(HINT) and rig.server.hits() == 0


@pytest.mark.parametrize(("host", "address", "feed_host", "said"), [
    ("feed.example", "10.0.0.5", "feed.example", "feed.example resolves to 10.0.0.5,"),
    ("127.0.0.1", "127.0.0.1", "127.0.0.1", "127.0.0.1 is"),
    ("::ffff:7f00:1", "::ffff:127.0.0.1", "::ffff:7f00:1", "::ffff:127.0.0.1 is"),
    ("127.0.0.1", "127.0.0.1", "feed.example", "a redirect to 127.0.0.1,"),
    ("intranet.", "10.0.0.5", "feed.example", "a redirect to intranet, which resolves to 10.0.0.5,"),
    ("FEED.example.", "10.0.0.5", "feed.example", "feed.example resolves to 10.0.0.5,"),
])
def test_the_reason_says_what_was_refused(host: str, address: str, feed_host: str, said: str):
    assert refusal(host, address, feed_host) == f"refused: {said} {HINT}"


@pytest.mark.parametrize(("address", "public"), [
    ("8.8.8.8", True), ("2001:4860:4860::8888", True), ("::ffff:8.8.8.8", True),
    ("127.0.0.1", False), ("127.0.0.2", False), ("0.0.0.0", False), ("10.1.2.3", False), ("172.16.0.1", False),
    ("192.168.1.1", False), ("100.64.0.1", False), ("169.254.169.254", False), ("224.0.0.1", False),
    ("239.255.255.250", False), ("255.255.255.255", False), ("240.0.0.1", False), ("198.18.0.1", False),
    ("::1", False), ("::", False), ("fe80::1%eth0", False), ("fc00::1", False), ("fd12::1", False), ("ff02::1", False),
    ("::ffff:127.0.0.1", False), ("::ffff:10.0.0.1", False), ("2002:7f00:1::", False), ("64:ff9b::a00:1", False),
    ("::127.0.0.1", False),
    # not globally reachable in IANA's special-purpose registries, though some Python versions call them global
    ("64:ff9b:1::a00:1", False), ("64:ff9b:1::808:808", False), ("fec0::1", False), ("::ffff:0:a00:1", False),
    ("::ffff:0:808:808", False), ("3fff::1", False), ("5f00::1", False), ("100:0:0:1::1", False), ("100::1", False),
    ("192.0.0.8", False), ("192.88.99.1", False), ("2001:db8::1", False), ("2001:2::1", False), ("2001::1", False),
    ("192.0.2.1", False), ("198.51.100.1", False), ("203.0.113.1", False),
    ("192.31.196.1", True), ("2606:4700:4700::1111", True), ("1.1.1.1", True),
])
def test_which_addresses_are_internal(address: str, public: bool):
    assert Guard().allows(address) is public


def test_the_allowance_covers_its_networks_and_their_ipv6_forms():
    guard = Guard(allowance("10.0.0.0/8, 127.0.0.1,fd00::/8"))
    assert all(guard.allows(a) for a in ("10.9.8.7", "127.0.0.1", "::ffff:127.0.0.1", "fd00::5", "8.8.8.8"))
    assert not any(guard.allows(a) for a in ("127.0.0.2", "192.168.0.1", "169.254.169.254", "::1"))


@pytest.mark.parametrize("value", ["10.0.0.0/8,localhost", "300.1.2.3", "10.0.0.0/33", "127.0.0.1;10.0.0.1"])
def test_a_bad_allowance_is_a_one_line_start_up_error(value: str):
    with pytest.raises(SettingsError) as caught:
        load_settings({"FEED_ALLOW_PRIVATE": value})
    message = str(caught.value)
    assert message.startswith("FEED_ALLOW_PRIVATE: ") and "is not an IP address or CIDR network" in message
    assert "\n" not in message
    allowed = load_settings({"FEED_ALLOW_PRIVATE": " 10.0.0.0/8, 127.0.0.1 "}).FEED_ALLOW_PRIVATE
    assert allowed == allowance("10.0.0.0/8,127.0.0.1")
    assert load_settings({}).FEED_ALLOW_PRIVATE == ()
