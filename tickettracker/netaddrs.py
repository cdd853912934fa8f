"""The machine's own addresses and names, for a server bound to every interface (``0.0.0.0`` or ``::``).

A colleague reaches the app at one of this machine's LAN addresses or at its host name, so those are the Host
headers the network boundary must accept, and the URLs start-up prints. The interfaces are read with ``ifaddr``
(a NiceGUI dependency, no network needed): the standard library only resolves the host name, which on many
machines maps to 127.0.0.1 alone and would miss the LAN address entirely. The host name's own addresses are added
as well. Loopback addresses are covered by the boundary's fixed names; IPv6 link-local addresses are skipped
(a browser cannot use their ``%zone`` suffix in a URL).
"""

from __future__ import annotations

import ipaddress
import re
import socket
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass

import ifaddr

from tickettracker.errors import ConfigError

IPAddress = ipaddress.IPv4Address | ipaddress.IPv6Address
WILDCARD_V4 = "0.0.0.0"
WILDCARD_V6 = "::"
LOOPBACK_BINDS = ("localhost", "::1", "[::1]")
_NAME = re.compile(
    r"^(?=.{1,253}$)[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?(\.[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?)*$"
)


@dataclass(frozen=True)
class Reach:
    """Where a bound server can be reached from other machines.

    ``hosts`` are the Host-header forms to accept (lower case, IPv6 in brackets, no port); ``addresses`` are the
    URL hosts start-up prints, one per address.
    """

    hosts: tuple[str, ...]
    addresses: tuple[str, ...]


def host_form(address: IPAddress) -> str:
    """How an address appears in a URL or a Host header: IPv6 in brackets."""
    return f"[{address.compressed}]" if address.version == 6 else address.compressed


def interface_addresses() -> list[IPAddress]:
    """Every address configured on this machine's network interfaces."""
    found: list[IPAddress] = []
    for adapter in ifaddr.get_adapters():
        for ip in adapter.ips:
            raw = ip.ip[0] if isinstance(ip.ip, tuple) else ip.ip
            try:
                found.append(ipaddress.ip_address(raw.split("%")[0]))
            except ValueError:
                continue
    return found


def name_addresses(hostname: str) -> list[IPAddress]:
    """The addresses this machine's host name resolves to locally (hosts file or resolver); [] when it does not."""
    try:
        infos = socket.getaddrinfo(hostname, None, proto=socket.IPPROTO_TCP)
    except (OSError, UnicodeError):
        return []
    out: list[IPAddress] = []
    for info in infos:
        try:
            out.append(ipaddress.ip_address(str(info[4][0]).split("%")[0]))
        except ValueError:
            continue
    return out


def own_names(hostname: str, fqdn: str) -> list[str]:
    """This machine's names a browser may use: the host name, its fully qualified form, and ``<name>.local``."""
    names: list[str] = []
    short = hostname.lower().rstrip(".")
    for name in (short, fqdn.lower().rstrip("."), f"{short.split('.')[0]}.local" if short else ""):
        if name and name not in names and _NAME.match(name) and not name.startswith("localhost"):
            names.append(name)
    return names


def usable(address: IPAddress, version: int | None) -> bool:
    """Whether a colleague's browser can reach a server bound to the wildcard of ``version`` at ``address``."""
    if version is not None and address.version != version:
        return False
    return not (
        address.is_loopback or address.is_link_local or address.is_multicast or address.is_unspecified
    )


def reach(
    bind: str,
    allow_hosts: Sequence[str] = (),
    *,
    addresses: Callable[[], Iterable[IPAddress]] = interface_addresses,
    hostname: Callable[[], str] = socket.gethostname,
    fqdn: Callable[[], str] = socket.getfqdn,
) -> Reach:
    """The Host names and addresses under which a server bound to ``bind`` serves other machines.

    ``0.0.0.0`` accepts this machine's IPv4 addresses, ``::`` its IPv6 and IPv4 ones (a dual-stack socket), any
    other address only itself; each of them also accepts the machine's names. A loopback bind accepts no address
    of its own (the boundary always accepts the loopback names). ``allow_hosts`` are accepted in every case.
    """
    name = hostname()
    if bind in LOOPBACK_BINDS or bind.startswith("127."):  # only a proxy on this machine forwards to it
        return Reach(hosts=tuple(dict.fromkeys(normalise_allowed(h) for h in allow_hosts)), addresses=())
    if bind in (WILDCARD_V4, WILDCARD_V6):
        version = 4 if bind == WILDCARD_V4 else None
        candidates = [*addresses(), *name_addresses(name)]
        own = sorted({a for a in candidates if usable(a, version)}, key=lambda a: (a.version, a.packed))
    else:
        try:
            own = [ipaddress.ip_address(bind.strip("[]"))]
        except ValueError:  # bound by name: that name is how people reach it
            return _result((bind.lower(),), name, fqdn(), allow_hosts)
    return _result(tuple(host_form(a) for a in own), name, fqdn(), allow_hosts)


def _result(shown: tuple[str, ...], name: str, fqdn: str, allow_hosts: Sequence[str]) -> Reach:
    hosts = [*shown, *own_names(name, fqdn), *(normalise_allowed(h) for h in allow_hosts)]
    return Reach(hosts=tuple(dict.fromkeys(hosts)), addresses=shown)


def normalise_allowed(value: str) -> str:
    """An ``--allow-host`` value as the boundary compares it; raises ConfigError for anything but a name or an IP."""
    text = value.strip().lower().rstrip(".")
    try:
        return host_form(ipaddress.ip_address(text.strip("[]")))
    except ValueError:
        pass
    if not _NAME.match(text):
        raise ConfigError(
            f"--allow-host {value!r}: give a host name or an IP address, without scheme or port"
        )
    return text
