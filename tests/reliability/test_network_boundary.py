"""The network boundary at scale: 20 Host variants and 10 Origins against the page, static and socket.io routes.

``tests/test_boundary.py`` covers the basics (a few hosts, token for non-loopback binds); this adds the variants.
"""

from __future__ import annotations

import asyncio
from collections.abc import Iterator

import httpx
import pytest
import websockets

from tests.support import RunningApp, running_app

ROUTES = ["/", "/tickets/1", "/tt-static/app.css", "/_nicegui_ws/socket.io/?EIO=4&transport=polling"]
FOREIGN_HOSTS = [
    "evil.example", "EVIL.EXAMPLE:{port}", "127.0.0.1.nip.io", "127.0.0.1.evil.example:{port}", "localhost.",
    "localhost.evil", "sub.localhost.example", "0.0.0.0:{port}", "10.0.0.1", "192.168.1.10:{port}",
    "[::ffff:7f00:1]:{port}", "2130706433", "0x7f.0.0.1", "local host", "localhost:{port}@evil.example",
]  # fmt: skip
LOCAL_HOSTS = ["127.0.0.1:{port}", "localhost:{port}", "LOCALHOST:{port}", "[::1]:{port}", "127.0.0.1"]
FOREIGN_ORIGINS = [
    "http://evil.example", "https://evil.example", "http://localhost.evil:{port}", "http://127.0.0.1.nip.io:{port}",
    "null", "file://", "http://192.168.1.10:{port}",
]  # fmt: skip
LOCAL_ORIGINS = ["http://127.0.0.1:{port}", "http://localhost:{port}", "http://[::1]:{port}"]


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with running_app(tmp_path_factory.mktemp("boundary-many")) as running:
        yield running


def test_twenty_host_variants_only_local_ones_pass(app: RunningApp) -> None:
    assert len(FOREIGN_HOSTS) + len(LOCAL_HOSTS) == 20
    wrong = []
    with httpx.Client(base_url=app.url) as client:
        for route in ROUTES:
            for host in FOREIGN_HOSTS + LOCAL_HOSTS:
                value = host.format(port=app.port)
                status = client.get(route, headers={"Host": value}).status_code
                local = host in LOCAL_HOSTS
                if (status == 400) == local or (local and status != 200):
                    wrong.append(f"{route} Host={value!r}: {status}")
    assert wrong == []


def test_ten_origins_only_local_ones_pass(app: RunningApp) -> None:
    assert len(FOREIGN_ORIGINS) + len(LOCAL_ORIGINS) == 10
    wrong = []
    with httpx.Client(base_url=app.url) as client:
        for route in ROUTES:
            for origin in FOREIGN_ORIGINS + LOCAL_ORIGINS:
                value = origin.format(port=app.port)
                status = client.get(route, headers={"Origin": value}).status_code
                local = origin in LOCAL_ORIGINS
                if (status == 403) == local or (local and status != 200):
                    wrong.append(f"{route} Origin={value!r}: {status}")
    assert wrong == []


def test_websocket_upgrade_from_each_origin(app: RunningApp) -> None:
    async def opens(origin: str) -> bool:
        uri = f"ws://127.0.0.1:{app.port}/_nicegui_ws/socket.io/?EIO=4&transport=websocket"
        try:
            async with websockets.connect(uri, origin=origin, open_timeout=5):  # type: ignore[arg-type]
                return True
        except (websockets.InvalidStatus, websockets.InvalidHandshake):
            return False

    results = {o: asyncio.run(opens(o.format(port=app.port))) for o in FOREIGN_ORIGINS + LOCAL_ORIGINS}
    assert results == {o: o in LOCAL_ORIGINS for o in FOREIGN_ORIGINS + LOCAL_ORIGINS}


def test_non_loopback_bind_no_route_answers_without_the_token(
    tmp_path_factory: pytest.TempPathFactory,
) -> None:
    from tickettracker.ui.security import new_token

    data = tmp_path_factory.mktemp("token")
    with running_app(data, host="0.0.0.0", env={"TICKETTRACKER_SECRET_KEY": "k"}) as running:
        base = f"http://127.0.0.1:{running.port}"
        headers = {"Host": f"localhost:{running.port}"}
        without = {route: httpx.get(base + route, headers=headers).status_code for route in ROUTES}
        with_token = httpx.get(
            f"{base}/tt-static/app.css?token={new_token('k')}", headers=headers
        ).status_code
    assert without == dict.fromkeys(ROUTES, 401)
    assert with_token == 200
