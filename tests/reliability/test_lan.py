"""Team mode on the LAN, against the real app process bound to every interface (0.0.0.0).

Traffic only ever goes to 127.0.0.1: the machine's own addresses are sent as Host headers, as a colleague's browser
would send them.
"""

from __future__ import annotations

import asyncio
import re
import socket
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import ifaddr
import pytest
import websockets

from tests.support import RunningApp, running_app
from tickettracker.app import build_services
from tickettracker.ui.security import TOKEN_COOKIE, new_token

SECRET = "lan-test-secret"
REFUSED = "Access token required: open the link you were given"
VERSION = __import__("nicegui").__version__
ROUTES = {
    "page": "/",
    "ticket page": "/tickets/1",
    "settings page": "/settings",
    "our static file": "/tt-static/app.css",
    "NiceGUI static file": f"/_nicegui/{VERSION}/static/nicegui.css",
    "socket.io polling": "/_nicegui_ws/socket.io/?EIO=4&transport=polling",
    "attachment download": "/attachments/1",
}
UPLOAD = "/_nicegui/client/0123/upload/4"


def lan_ipv4() -> set[str]:
    """This machine's IPv4 addresses other than loopback and link-local, read independently of the app."""
    return {
        str(ip.ip)
        for adapter in ifaddr.get_adapters()
        for ip in adapter.ips
        if ip.is_IPv4 and not str(ip.ip).startswith(("127.", "169.254."))
    }


@dataclass
class Shared:
    app: RunningApp
    tokens: dict[str, str]  # the start-up token, Ana's revoked link, Bob's live one

    def get(self, path: str, host: str | None = None, **kw: Any) -> httpx.Response:
        headers = {"Host": host or f"127.0.0.1:{self.app.port}", **kw.pop("headers", {})}
        return httpx.get(f"http://127.0.0.1:{self.app.port}{path}", headers=headers, **kw)


@pytest.fixture(scope="module")
def shared(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Shared]:
    """The app bound to 0.0.0.0 with ``--allow-host``; links for Ana (revoked) and Bob (live) made beforehand."""
    data = tmp_path_factory.mktemp("lan")
    services = build_services(str(data))
    try:
        ana, ana_token = services.access.create("Ana")
        _bob, bob_token = services.access.create("Bob")
        services.access.revoke(ana.id)
    finally:
        services.close()
    env = {"TICKETTRACKER_SECRET_KEY": SECRET}
    with running_app(data, "--allow-host", "tickets.example.org", host="0.0.0.0", env=env) as running:
        yield Shared(running, {"start": new_token(SECRET), "ana": ana_token, "bob": bob_token})


def test_start_up_prints_one_usable_url_per_address(shared: Shared, tmp_path: Path) -> None:
    with running_app(tmp_path / "d", host="0.0.0.0", env={"TICKETTRACKER_SECRET_KEY": SECRET}) as other:
        port = other.port
    token = shared.tokens["start"]
    printed = re.findall(rf"on the network: http://([^/\s]+):{port}/\?token=(\S+)", other.output)
    assert {host for host, _ in printed} == lan_ipv4()
    assert {tok for _, tok in printed} <= {token}
    assert f"running at http://localhost:{port}/?token={token}" in other.output
    for host, _ in printed:  # each printed address opens the app (asked of `shared`, bound the same way)
        assert shared.get(f"/?token={token}", f"{host}:{shared.app.port}").status_code == 200


def test_own_names_and_allowed_hosts_pass_others_get_400(shared: Shared) -> None:
    token, port = shared.tokens["start"], shared.app.port
    for host in (socket.gethostname(), "tickets.example.org", *sorted(lan_ipv4())):
        assert shared.get(f"/?token={token}", f"{host}:{port}").status_code == 200, host
    for host in ("evil.example", "192.0.2.250", "tickets.example.org.evil.example", f"0.0.0.0:{port}"):
        assert shared.get(f"/?token={token}", host).status_code == 400, host


@pytest.mark.parametrize("route", sorted(ROUTES))
def test_every_route_refuses_a_missing_or_wrong_token_with_401_and_nothing_else(
    shared: Shared, route: str
) -> None:
    path = ROUTES[route]
    sep = "&" if "?" in path else "?"
    attempts = {
        "no token": shared.get(path),
        "wrong token": shared.get(f"{path}{sep}token=wrong"),
        "wrong cookie": shared.get(path, headers={"Cookie": f"{TOKEN_COOKIE}=wrong"}),
        "revoked link": shared.get(f"{path}{sep}token={shared.tokens['ana']}"),
    }
    for what, r in attempts.items():
        assert (r.status_code, r.text) == (401, REFUSED), what
        assert "set-cookie" not in r.headers, what


def test_uploads_are_refused_without_the_token(shared: Shared) -> None:
    r = httpx.post(
        f"http://127.0.0.1:{shared.app.port}{UPLOAD}",
        headers={"Host": f"127.0.0.1:{shared.app.port}"},
        files={"file": ("a.txt", b"hello")},
    )
    assert (r.status_code, r.text) == (401, REFUSED)


def test_websocket_handshake_without_the_token_gets_401(shared: Shared) -> None:
    uri = f"ws://127.0.0.1:{shared.app.port}/_nicegui_ws/socket.io/?EIO=4&transport=websocket"

    async def status(cookie: str | None) -> int:
        headers = {"Cookie": f"{TOKEN_COOKIE}={cookie}"} if cookie else {}
        try:
            async with websockets.connect(uri, additional_headers=headers, open_timeout=5):
                return 101
        except websockets.InvalidStatus as e:
            return int(e.response.status_code)

    assert asyncio.run(status(None)) == 401
    assert asyncio.run(status("wrong")) == 401
    assert asyncio.run(status(shared.tokens["start"])) == 101


def test_the_token_becomes_a_strict_http_only_cookie(shared: Shared) -> None:
    first = shared.get(f"/?token={shared.tokens['start']}")
    assert first.status_code == 200
    cookie = next(v for v in first.headers.get_list("set-cookie") if v.startswith(TOKEN_COOKIE + "="))
    assert {"httponly", "samesite=strict", "path=/"} <= {p.strip().lower() for p in cookie.split(";")[1:]}
    assert shared.get("/settings", cookies=first.cookies).status_code == 200
    assert shared.get("/tt-static/app.css", cookies=first.cookies).status_code == 200


def test_a_persons_link_opens_the_app_while_a_revoked_one_does_not(shared: Shared) -> None:
    host = f"{min(lan_ipv4(), default='127.0.0.1')}:{shared.app.port}"
    bob = shared.get(f"/?token={shared.tokens['bob']}", host)
    assert bob.status_code == 200
    assert shared.get("/settings", host, cookies=bob.cookies).status_code == 200
    assert shared.get(f"/?token={shared.tokens['ana']}", host).status_code == 401


def test_behind_a_proxy_an_allowed_host_on_a_loopback_bind_needs_the_token(tmp_path: Path) -> None:
    env = {"TICKETTRACKER_SECRET_KEY": SECRET}
    with running_app(tmp_path / "d", "--allow-host", "proxy.example.org", env=env) as running:
        base, token = f"http://127.0.0.1:{running.port}", new_token(SECRET)
        as_proxy = {"Host": "proxy.example.org", "Origin": "https://proxy.example.org"}
        assert httpx.get(f"{base}/", headers=as_proxy).status_code == 401
        assert httpx.get(f"{base}/?token={token}", headers=as_proxy).status_code == 200
        assert httpx.get(f"{base}/", headers={"Host": f"localhost:{running.port}"}).status_code == 401
        assert httpx.get(f"{base}/?token={token}", headers={"Host": "other.example.org"}).status_code == 400
