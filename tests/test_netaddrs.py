"""Which Host names a shared server accepts and which URLs it prints, from a machine's addresses and names."""

from __future__ import annotations

import ipaddress

import pytest

from tickettracker.errors import ConfigError
from tickettracker.netaddrs import IPAddress, normalise_allowed, own_names, reach

MACHINE = [
    "127.0.0.1",
    "::1",
    "192.0.2.2",
    "10.1.2.3",
    "169.254.7.7",  # link-local: no URL for it
    "fd00::2",
    "fe80::fc:ff:fe00:1",  # IPv6 link-local needs a %zone a browser cannot take
]


def addresses() -> list[IPAddress]:
    return [ipaddress.ip_address(a) for a in MACHINE]


def machine(bind: str, allow: tuple[str, ...] = ()) -> tuple[tuple[str, ...], tuple[str, ...]]:
    r = reach(bind, allow, addresses=addresses, hostname=lambda: "deskpc", fqdn=lambda: "deskpc.office.lan")
    return r.addresses, r.hosts


@pytest.mark.parametrize(
    ("bind", "allow", "urls", "hosts"),
    [
        (
            "0.0.0.0",
            (),
            ("10.1.2.3", "192.0.2.2"),
            ("10.1.2.3", "192.0.2.2", "deskpc", "deskpc.office.lan", "deskpc.local"),
        ),
        (
            "::",
            (),
            ("10.1.2.3", "192.0.2.2", "[fd00::2]"),
            ("10.1.2.3", "192.0.2.2", "[fd00::2]", "deskpc", "deskpc.office.lan", "deskpc.local"),
        ),
        (
            "192.0.2.2",
            ("Tickets.Example.org",),
            ("192.0.2.2",),
            ("192.0.2.2", "deskpc", "deskpc.office.lan", "deskpc.local", "tickets.example.org"),
        ),
        ("127.0.0.1", ("proxy.example.org",), (), ("proxy.example.org",)),
        ("localhost", (), (), ()),
    ],
)
def test_reach_by_bind_address(
    bind: str, allow: tuple[str, ...], urls: tuple[str, ...], hosts: tuple[str, ...]
) -> None:
    assert machine(bind, allow) == (urls, hosts)


def test_names_skip_localhost_and_junk() -> None:
    assert own_names("localhost", "localhost.localdomain") == []
    assert own_names("Web-01", "web-01") == ["web-01", "web-01.local"]
    assert own_names("bad name", "") == []


@pytest.mark.parametrize(
    ("given", "kept"),
    [
        ("Tickets.Example.org.", "tickets.example.org"),
        ("FD00:0::2", "[fd00::2]"),
        ("[::1]", "[::1]"),
        ("10.0.0.9", "10.0.0.9"),
    ],
)
def test_allowed_hosts_are_normalised(given: str, kept: str) -> None:
    assert normalise_allowed(given) == kept


@pytest.mark.parametrize("bad", ["http://tickets.example.org", "tickets.example.org:443", "*", "a b", ""])
def test_allowed_hosts_must_be_a_name_or_an_address(bad: str) -> None:
    with pytest.raises(ConfigError, match="--allow-host"):
        normalise_allowed(bad)


def test_a_bad_allowed_host_stops_start_up_with_one_line(capsys: pytest.CaptureFixture[str]) -> None:
    from tickettracker.cli import start

    assert start(["--no-browser", "--allow-host", "http://x.example/"]) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "--allow-host 'http://x.example/'" in err
