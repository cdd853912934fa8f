"""The network boundary of the real app process: foreign Host and Origin refused, token for non-loopback binds."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest
import websockets

from tests.support import RunningApp, running_app


@pytest.fixture(scope="module")
def app(tmp_path_factory: pytest.TempPathFactory) -> Iterator[RunningApp]:
    with running_app(tmp_path_factory.mktemp("boundary")) as running:
        yield running


@pytest.mark.parametrize(
    "host",
    ["evil.example", "evil.example:8765", "127.0.0.1.evil.example", "localhost.evil", "192.0.2.10", ""],
)
def test_foreign_host_header_gets_400(app: RunningApp, host: str) -> None:
    r = httpx.get(f"{app.url}/", headers={"Host": host})
    assert r.status_code == 400


@pytest.mark.parametrize("host", ["127.0.0.1", "localhost", "[::1]"])
def test_local_host_names_pass(app: RunningApp, host: str) -> None:
    r = httpx.get(f"{app.url}/", headers={"Host": f"{host}:{app.port}"})
    assert r.status_code == 200
    assert r.headers["x-frame-options"] == "DENY" and r.headers["x-content-type-options"] == "nosniff"
    assert "set-cookie" not in r.headers  # alone on this machine: no token, no session


def test_foreign_origin_refused_for_socketio_polling(app: RunningApp) -> None:
    url = f"{app.url}/_nicegui_ws/socket.io/?EIO=4&transport=polling"
    assert httpx.get(url, headers={"Origin": "http://evil.example"}).status_code == 403
    assert httpx.get(url, headers={"Origin": f"http://localhost:{app.port}"}).status_code == 200


def test_foreign_origin_websocket_is_refused(app: RunningApp) -> None:
    async def connect(origin: str) -> bool:
        uri = f"ws://127.0.0.1:{app.port}/_nicegui_ws/socket.io/?EIO=4&transport=websocket"
        try:
            async with websockets.connect(uri, origin=origin, open_timeout=5):  # type: ignore[arg-type]
                return True
        except (websockets.InvalidStatus, websockets.InvalidHandshake):
            return False

    assert asyncio.run(connect("http://evil.example")) is False
    assert asyncio.run(connect(f"http://127.0.0.1:{app.port}")) is True


def test_start_up_prints_url_and_data_folder(tmp_path: Path) -> None:
    with running_app(tmp_path / "d") as running:
        pass
    assert f"running at http://localhost:{running.port}/" in running.output
    assert f"Data folder: {tmp_path / 'd'}" in running.output
    assert (tmp_path / "d" / "tickettracker.db").exists()


def test_non_loopback_bind_requires_the_token(tmp_path: Path) -> None:
    from tickettracker.ui.security import new_token

    # Bound to all interfaces (traffic in this test still only goes to 127.0.0.1).
    with running_app(tmp_path / "d", host="0.0.0.0", env={"TICKETTRACKER_SECRET_KEY": "k"}) as running:
        base = f"http://127.0.0.1:{running.port}"
        headers = {"Host": f"localhost:{running.port}"}
        assert httpx.get(base + "/", headers=headers).status_code == 401
        assert httpx.get(base + "/?token=wrong", headers=headers).status_code == 401
        first = httpx.get(base + f"/?token={new_token('k')}", headers=headers)
        assert first.status_code == 200
        again = httpx.get(base + "/tickets/1", headers=headers, cookies=first.cookies)
        assert again.status_code == 200
    assert f"?token={new_token('k')}" in running.output
