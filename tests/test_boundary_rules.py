"""The network boundary's rules at the middleware itself (SPEC §12, §16): which Host and Origin pass, what a refusal
says, the headers every answer carries, who a token names, and the one path that checks its own token.

(``tests/test_boundary.py`` and ``tests/reliability/test_lan.py`` run the whole app behind it; these call it directly.)
"""

from __future__ import annotations

import asyncio
from typing import Any

import pytest

from tickettracker.domain.records import Person
from tickettracker.ui.security import (
    FEED_PATH,
    OWNER,
    PERSON_KEY,
    BoundaryMiddleware,
    is_loopback,
    new_token,
    origins,
    split_host,
    token_checker,
)

TOKEN = "start-token-0123456789abcdefghij"
ANA = Person(name="Ana")


async def _inside(scope: Any, receive: Any, send: Any) -> None:
    if scope["type"] == "websocket":
        await send({"type": "websocket.accept"})
        return
    person = scope.get("state", {}).get(PERSON_KEY)
    body = f"inside as {person.name if person else '-'}".encode()
    await send(
        {"type": "http.response.start", "status": 200, "headers": [(b"x-frame-options", b"SAMEORIGIN")]}
    )
    await send({"type": "http.response.body", "body": body})


def _people(token: str) -> Person | None:
    return ANA if token == "ana-link" else None


def call(
    *,
    host: str = "localhost:8765",
    origin: str | None = None,
    path: str = "/",
    kind: str = "http",
    query: str = "",
    identify: bool = False,
    extensions: dict[str, Any] | None = None,
) -> tuple[Any, dict[bytes, list[bytes]], bytes]:
    """(status, headers by name, body) of one request through the middleware (for a websocket: the first message
    type, or the HTTP status of a refusal sent as a response)."""
    app = BoundaryMiddleware(
        _inside,
        hosts=["LocalHost", "127.0.0.1", "[::1]"],
        port=8765,
        identify=token_checker(TOKEN, _people) if identify else None,
    )
    headers = [(b"host", host.encode())]
    if origin is not None:
        headers.append((b"origin", origin.encode()))
    scope: dict[str, Any] = {"type": kind, "path": path, "headers": headers, "query_string": query.encode()}
    if extensions is not None:
        scope["extensions"] = extensions
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    first = sent[0]
    status = first.get("status", first["type"])
    by_name: dict[bytes, list[bytes]] = {}
    for k, v in first.get("headers", []):
        by_name.setdefault(k, []).append(v)
    body = b"".join(m.get("body", b"") for m in sent[1:])
    return status, by_name, body


@pytest.mark.parametrize("host", ["127.0.0.1", "127.8.9.10", "localhost", "[::1]", "::1"])
def test_loopback_names(host: str) -> None:
    assert is_loopback(host)


@pytest.mark.parametrize(
    "host", ["128.0.0.1", "0.0.0.0", "192.168.1.10", "localhost.evil.example", "1127.0.0.1"]
)
def test_names_that_are_not_loopback(host: str) -> None:
    assert not is_loopback(host)


def test_a_token_from_the_secret_is_stable_and_secret_specific_and_without_one_fresh() -> None:
    a = new_token("key one")
    # the same secret must give the same token in every version: links and calendar feeds people saved use it
    assert a == "f65c90c8b12828e92c7aa16070d8cbfb"
    assert new_token("key two") != a
    fresh = {new_token() for _ in range(3)}
    assert len(fresh) == 3 and all(len(t) == 32 for t in fresh)


@pytest.mark.parametrize(
    ("value", "host"),
    [
        ("LocalHost:8765", "localhost"),
        ("  localhost  ", "localhost"),
        ("127.0.0.1:80", "127.0.0.1"),
        ("[::1]:8765", "[::1]"),
        ("[0:0:0:0:0:0:0:1]", "[::1]"),
        ("[::1]", "[::1]"),
        ("[::1]:8", "[::1]"),
        ("[::1]:", "[::1]:"),  # a port that is not a number: left as it is, so it matches no host
        ("[::1]:x8", "[::1]:x8"),
        ("[::1]x", "[::1]x"),
        ("[nonsense]:80", "[nonsense]:80"),
        ("localhost:1@evil.example", "localhost:1@evil.example"),
        ("localhost:", "localhost:"),
        ("a:b:c", "a:b:c"),
    ],
)
def test_the_host_part_of_a_header(value: str, host: str) -> None:
    assert split_host(value) == host


def test_our_origins_are_each_host_on_our_port_or_a_proxys_default_one() -> None:
    assert origins(["LocalHost"], 8765) == {
        "http://localhost:8765",
        "https://localhost:8765",
        "http://localhost",
        "https://localhost",
    }


@pytest.mark.parametrize("host", ["localhost:8765", "LOCALHOST", "127.0.0.1:8765", "[::1]:8765"])
def test_our_own_host_names_pass_with_the_protective_headers(host: str) -> None:
    status, headers, body = call(host=host)
    assert (status, body) == (200, b"inside as -")
    assert headers[b"x-content-type-options"] == [b"nosniff"]
    assert headers[b"referrer-policy"] == [b"no-referrer"]
    assert headers[b"x-frame-options"] == [b"SAMEORIGIN"]  # the page's own choice is kept, not doubled


@pytest.mark.parametrize("host", ["evil.example", "evil.example:8765", "localhost.evil.example", ""])
def test_a_foreign_host_gets_400_saying_why(host: str) -> None:
    status, headers, body = call(host=host)
    assert (status, body) == (400, b"Invalid host header")
    assert headers[b"content-length"] == [str(len(body)).encode()]
    assert headers[b"content-type"] == [b"text/plain; charset=utf-8"]
    assert headers[b"x-frame-options"] == [b"DENY"] and headers[b"x-content-type-options"] == [b"nosniff"]


def test_a_request_without_a_host_header_gets_400() -> None:
    app = BoundaryMiddleware(_inside, hosts=["localhost"], port=8765)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app({"type": "http", "path": "/", "headers": [], "query_string": b""}, receive, send))
    assert [m["type"] for m in sent] == ["http.response.start", "http.response.body"]
    assert (sent[0]["status"], sent[1]["body"]) == (400, b"Invalid host header")


def test_no_cookie_is_set_without_a_token_in_the_address() -> None:
    assert b"set-cookie" not in call()[1]
    assert b"set-cookie" not in call(query="token=anything")[1]  # a loopback app has no tokens to hand out


def test_the_page_reads_the_request_and_answers_through_the_boundary() -> None:
    """The request body reaches the app unchanged, and the app's own messages go out (with the headers added)."""
    app = BoundaryMiddleware(_echo, hosts=["localhost"], port=8765)
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request", "body": b"posted text"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    scope = {"type": "http", "path": "/", "headers": [(b"host", b"localhost")], "query_string": b""}
    asyncio.run(app(scope, receive, send))
    assert sent[1] == {"type": "http.response.body", "body": b"posted text"}
    assert (b"x-content-type-options", b"nosniff") in sent[0]["headers"]
    lifespan: list[dict[str, Any]] = []

    async def startup() -> dict[str, Any]:
        return {"type": "lifespan.startup"}

    async def record(message: dict[str, Any]) -> None:
        lifespan.append(message)

    asyncio.run(app({"type": "lifespan"}, startup, record))
    assert lifespan == [{"type": "lifespan.startup.complete"}]


async def _echo(scope: Any, receive: Any, send: Any) -> None:
    message = await receive()
    if scope["type"] == "lifespan":
        await send({"type": message["type"] + ".complete"})
        return
    await send({"type": "http.response.start", "status": 200, "headers": []})
    await send({"type": "http.response.body", "body": message["body"]})


def test_refusals_are_well_formed_messages() -> None:
    """A refused websocket closes with 1008 (policy violation) or, where the server can, answers in HTTP."""
    for extensions, expected in (
        ({}, [{"type": "websocket.close", "code": 1008}]),
        (
            {"websocket.http.response": {}},
            ["websocket.http.response.start", "websocket.http.response.body"],
        ),
        (None, ["http.response.start", "http.response.body"]),
    ):
        kind = "http" if extensions is None else "websocket"
        scope = {"type": kind, "path": "/", "headers": [(b"host", b"evil.example")], "query_string": b""}
        if extensions is not None:
            scope["extensions"] = extensions
        sent = _messages(BoundaryMiddleware(_inside, hosts=["localhost"], port=8765), scope)
        if expected and isinstance(expected[0], dict):
            assert sent == expected
            continue
        assert [m["type"] for m in sent] == expected
        assert sent[0]["status"] == 400 and sent[1]["body"] == b"Invalid host header"
        assert (b"x-frame-options", b"DENY") in sent[0]["headers"]


def _messages(app: BoundaryMiddleware, scope: dict[str, Any]) -> list[dict[str, Any]]:
    sent: list[dict[str, Any]] = []

    async def receive() -> dict[str, Any]:
        return {"type": "http.request"}

    async def send(message: dict[str, Any]) -> None:
        sent.append(message)

    asyncio.run(app(scope, receive, send))
    return sent


def test_origins_our_own_pass_any_other_gets_403() -> None:
    assert call(origin="http://LOCALHOST:8765")[0] == 200
    assert call(origin="https://127.0.0.1")[0] == 200
    status, _h, body = call(origin="http://evil.example")
    assert (status, body) == (403, b"Cross-origin request refused")
    assert call(origin="http://localhost:9999")[0] == 403
    assert call(origin="null")[0] == 403


def test_a_refused_websocket_gets_an_http_answer_when_the_server_can_send_one() -> None:
    status, _h, body = call(kind="websocket", host="evil.example", extensions={"websocket.http.response": {}})
    assert (status, body) == (400, b"Invalid host header")
    assert call(kind="websocket", host="evil.example")[0] == "websocket.close"
    assert call(kind="websocket")[0] == "websocket.accept"


def test_lifespan_passes_straight_through() -> None:
    seen: list[str] = []

    async def app(scope: Any, receive: Any, send: Any) -> None:
        seen.append(scope["type"])

    async def nothing() -> dict[str, Any]:
        return {}

    async def ignore(_m: Any) -> None:
        return None

    asyncio.run(BoundaryMiddleware(app, hosts=["localhost"], port=1)({"type": "lifespan"}, nothing, ignore))
    assert seen == ["lifespan"]


def test_who_came_in_is_left_for_the_pages() -> None:
    assert call(identify=True, query=f"token={TOKEN}")[2] == b"inside as "  # the owner has no name
    assert call(identify=True, query="token=ana-link")[2] == b"inside as Ana"
    assert call(identify=True, query="token=revoked")[0] == 401
    status, _h, body = call(identify=True)
    assert (status, body) == (401, b"Access token required: open the link you were given")


def test_the_calendar_feed_is_the_one_path_that_checks_its_own_token() -> None:
    assert call(identify=True, path=FEED_PATH)[0] == 200
    assert call(identify=True, path=FEED_PATH + "x")[0] == 401
    assert call(identify=True, path=FEED_PATH, host="evil.example")[0] == 400  # the Host rule still holds


def test_a_token_names_the_owner_or_a_link_holder() -> None:
    identify = token_checker(TOKEN, _people)
    assert identify(TOKEN) is OWNER
    assert identify("ana-link") == ANA
    assert identify(TOKEN + "x") is None
    assert token_checker(TOKEN)("ana-link") is None  # without access links only the start token opens
