"""Refusing internal addresses (SSRF): a feed, or a redirect it answers with, must not make newsbot read
a service on its own host or network (loopback, private, link-local, CGNAT, multicast, unspecified and
other non-global addresses) and show what it said to chat users.

The check is on the address actually connected to, not on the URL: the fetcher's resolver drops
internal addresses from every DNS answer, and `Guard.socket` (aiohttp's socket_factory, called for each
connection attempt) refuses them again, which also covers IP literals, that aiohttp never resolves.
So every redirect hop is checked, and DNS rebinding has no second lookup to win. An operator lists the
internal addresses a feed may use in FEED_ALLOW_PRIVATE. Stdlib only: the settings parse with it."""

from __future__ import annotations

import ipaddress
import socket
from collections.abc import Iterable
from ipaddress import IPv4Address, IPv4Network, IPv6Address, IPv6Network
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from aiohappyeyeballs import AddrInfoType

Network = IPv4Network | IPv6Network
Address = IPv4Address | IPv6Address
SETTING = "FEED_ALLOW_PRIVATE"
_EMBEDDING = (IPv6Network("64:ff9b::/96"), IPv6Network("::/96"))
"""NAT64 and the old IPv4-compatible form: IPv6 addresses whose last 32 bits are an IPv4 address."""
_DENIED = tuple(ipaddress.ip_network(network) for network in (
    "0.0.0.0/8", "10.0.0.0/8", "100.64.0.0/10", "127.0.0.0/8", "169.254.0.0/16", "172.16.0.0/12", "192.0.0.0/24",
    "192.0.2.0/24", "192.88.99.0/24", "192.168.0.0/16", "198.18.0.0/15", "198.51.100.0/24", "203.0.113.0/24",
    "224.0.0.0/4", "240.0.0.0/4",
    "::/128", "::1/128", "::ffff:0:0:0/96", "64:ff9b:1::/48", "100::/64", "100:0:0:1::/64", "2001::/23",
    "2001:db8::/32", "3fff::/20", "5f00::/16", "fc00::/7", "fe80::/10", "fec0::/10", "ff00::/8",
))
"""Networks never reached unless allowed, whatever `is_global` says in this Python version (3.11.7 calls
64:ff9b:1::/48, fec0::/10, ::ffff:0:0:0/96 and 192.0.0.0/24 global): IANA's IPv4 and IPv6 special-purpose
registries' blocks that are not globally reachable, taken whole (192.0.0.0/24 and 2001::/23 hold a few
anycast services, never a feed). 64:ff9b:1::/48, local-use NAT64, is denied rather than read as embedding
an IPv4 address: where its prefix is shorter than /96 the address is not in the last 32 bits."""


def allowance(value: str | Iterable[str]) -> tuple[Network, ...]:
    """FEED_ALLOW_PRIVATE's networks, from comma-separated addresses or CIDRs ('10.0.0.0/8,127.0.0.1').
    ValueError naming the first entry that is neither."""
    entries = value.split(",") if isinstance(value, str) else value
    networks = []
    for entry in (str(entry).strip() for entry in entries):
        if entry:
            try:
                networks.append(ipaddress.ip_network(entry, strict=False))
            except ValueError:
                example = "e.g. 10.0.0.0/8,127.0.0.1"
                raise ValueError(f"{entry[:60]!r} is not an IP address or CIDR network ({example})") from None
    return tuple(networks)


def embedded(ip: Address) -> IPv4Address | None:
    """The IPv4 address an IPv6 address carries and reaches (IPv4-mapped, 6to4, NAT64, IPv4-compatible)."""
    if isinstance(ip, IPv4Address):
        return None
    if ip.ipv4_mapped or ip.sixtofour:
        return ip.ipv4_mapped or ip.sixtofour
    if any(ip in network for network in _EMBEDDING):
        return IPv4Address(int(ip) & 0xFFFFFFFF)
    return None


def internal(ip: Address) -> bool:
    """Whether `ip` is not a public unicast address, or carries one that is not."""
    inner = embedded(ip)
    denied = not ip.is_global or ip.is_multicast or any(ip in network for network in _DENIED)
    return denied or (inner is not None and internal(inner))


def numeric_form(host: str) -> IPv4Address | None:
    """The IPv4 address a legacy numeric host (2130706433, 0x7f000001, 127.1, 017700000001) stands for,
    which socket functions read but aiohttp refuses to connect to; None for any other host."""
    try:
        address = IPv4Address(socket.inet_aton(host))
    except (OSError, ValueError):
        return None
    return None if str(address) == host else address


def refusal(host: str, address: str, feed_host: str | None = None) -> str:
    """The one-line reason a refused feed shows in `newsbot feeds list`: `host` (the feed's own,
    `feed_host`, or a redirect's) is or resolves to `address`."""
    shown = _plain(host)
    literal = _same(shown, address)
    if feed_host is not None and shown != _plain(feed_host) and not _same(shown, _plain(feed_host)):
        said = f"a redirect to {address}," if literal else f"a redirect to {shown}, which resolves to {address},"
    else:
        said = f"{address} is" if literal else f"{shown} resolves to {address},"
    return f"refused: {said} an internal address (allow it with {SETTING})"


def _plain(host: str) -> str:
    return host.strip("[]").rstrip(".").lower()


def _same(host: str, address: str) -> bool:
    """Whether `host` is the IP literal `address` (written in any form Python reads)."""
    try:
        return ipaddress.ip_address(host) == ipaddress.ip_address(address)
    except ValueError:
        return False


class Refused(OSError):
    """A connection to an internal address that FEED_ALLOW_PRIVATE does not allow."""

    def __init__(self, host: str, address: str) -> None:
        super().__init__(refusal(host, address))
        self.address = address


class Guard:
    """Decides which addresses the fetcher may connect to: public ones, and the `allowed` networks."""

    def __init__(self, allowed: Iterable[Network] = ()) -> None:
        self.allowed = tuple(allowed)

    def allows(self, address: str) -> bool:
        ip = ipaddress.ip_address(address.split("%", 1)[0])  # an IPv6 zone (fe80::1%eth0) is no part of it
        reached = [ip] if (inner := embedded(ip)) is None else [ip, inner]
        return any(each in network for each in reached for network in self.allowed) or not internal(ip)

    def socket(self, addr_info: AddrInfoType) -> socket.socket:
        """aiohttp's socket_factory: a socket for an allowed address, else Refused (before any packet)."""
        family, kind, proto, _, sockaddr = addr_info
        if not self.allows(str(sockaddr[0])):
            raise Refused(str(sockaddr[0]), str(sockaddr[0]))
        return socket.socket(family, kind, proto)
