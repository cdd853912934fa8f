"""The access token on a non-loopback bind, at the middleware itself: only the exact token opens a door.

(``tests/test_boundary.py`` and ``tests/reliability/test_network_boundary.py`` run the whole app; these call the
ASGI middleware directly, so every cookie variant costs microseconds.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tickettracker.ui.security import COOKIE_MAX_AGE, TOKEN_COOKIE, BoundaryMiddleware, token_checker

TOKEN = "s3cret-token-value-0123456789abcd"


async def _ok(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": b"inside"})


def call(
    kind: str = "http", cookie: str | None = None, query: str = ""
) -> tuple[Any, list[tuple[bytes, bytes]]]:
    """(status or websocket message type, response headers) for one request through the middleware."""
    app = BoundaryMiddleware(_ok, hosts=["192.168.1.10"], port=8765, identify=token_checker(TOKEN))
    headers = [(b"host", b"192.168.1.10:8765")]
    if cookie is not None:
        headers.append((b"cookie", cookie.encode("latin-1")))
    scope = {"type": kind, "path": "/", "headers": headers, "query_string": query.encode()}
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    first = sent[0]
    if kind == "websocket":
        return first["type"], []
    return first["status"], list(first.get("headers", []))


WRONG_COOKIES = [
    f"{TOKEN_COOKIE}=wrong",
    f"{TOKEN_COOKIE}=",
    f"{TOKEN_COOKIE}={TOKEN[:-1]}",
    f"{TOKEN_COOKIE}={TOKEN}x",
    f"{TOKEN_COOKIE}={TOKEN.upper()}",
    f"other={TOKEN}",
    f"{TOKEN_COOKIE}_old={TOKEN}",
]


@pytest.mark.parametrize("cookie", WRONG_COOKIES)
def test_a_wrong_token_cookie_is_refused(cookie: str) -> None:
    assert call(cookie=cookie)[0] == 401
    assert call("websocket", cookie=cookie)[0] == "websocket.close"


def test_the_right_cookie_or_token_opens_and_only_the_token_sets_the_cookie() -> None:
    status, headers = call(cookie=f"theme=dark; {TOKEN_COOKIE}={TOKEN}")
    assert status == 200 and not any(k == b"set-cookie" for k, _v in headers)
    assert call("websocket", cookie=f"{TOKEN_COOKIE}={TOKEN}")[0] == "websocket.accept"
    status, headers = call(query=f"token={TOKEN}")
    assert status == 200
    cookie = f"{TOKEN_COOKIE}={TOKEN}; Path=/; Max-Age={COOKIE_MAX_AGE}; HttpOnly; SameSite=Strict"
    assert (b"set-cookie", cookie.encode()) in headers
    assert call(query="token=wrong")[0] == 401
    assert call()[0] == 401
